import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const ORBTD_BIN = fileURLToPath(new URL("../../bin/orbtd.js", import.meta.url));
const TESTDATA = fileURLToPath(new URL("../signals/rules/testdata", import.meta.url));

async function runTestRules(files: readonly string[]) {
  const child = spawn(process.execPath, [ORBTD_BIN, "test", "rules", ...files], { cwd: TESTDATA });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exitCode = await new Promise<number | null>((resolveExit) => child.on("close", resolveExit));
  return { exitCode, stdout, stderr };
}

describe("orbtd test rules (built CLI)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbt-test-rules-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("exits 0 and prints SUCCESS when every test passes", async () => {
    expect(await runTestRules(["passing.test.yml"])).toEqual({
      exitCode: 0,
      stdout: "Unit Testing:  passing.test.yml\n  SUCCESS\n\n",
      stderr: "",
    });
  });

  it("exits 1 with promtool's diff of expected and got alerts and samples", async () => {
    const run = await runTestRules(["passing.test.yml", "failing.test.yml"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("Unit Testing:  passing.test.yml\n  SUCCESS\n");
    expect(run.stdout).toContain("Unit Testing:  failing.test.yml\n");
    expect(run.stderr).toBe(
      [
        "  FAILED:",
        "    name: wrong expectations,",
        "    alertname: InstanceDown, time: 3m, ",
        "        exp:[",
        "            0:",
        '              Labels:{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"}',
        "              Annotations:{}",
        "            ], ",
        "        got:[]",
        "    name: wrong expectations,",
        '    expr: "up", time: 1m,',
        '        exp: {__name__="up", instance="localhost:9090", job="prometheus"} 1E+00',
        '        got: {__name__="up", instance="localhost:9090", job="prometheus"} 0E+00',
        "",
      ].join("\n"),
    );
  });

  it("exits 1 for a test file it cannot parse and for a rule file with a bad expression", async () => {
    const badTest = join(dir, "bad.test.yml");
    await writeFile(badTest, "rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    colour: red\n");
    const badRules = join(dir, "rules.yml");
    await writeFile(badRules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up ==\n");
    const unparsable = await runTestRules([badTest]);
    expect(unparsable.exitCode).toBe(1);
    expect(unparsable.stderr).toBe("  FAILED:\nfield colour not found in tests[0]\n");
    await writeFile(badTest, "rule_files: [rules.yml]\ntests:\n  - interval: 1m\n");
    const badExpr = await runTestRules([badTest]);
    expect(badExpr.exitCode).toBe(1);
    expect(badExpr.stderr).toMatch(
      new RegExp(
        `^  FAILED:\\n${badRules.replace(/[.]/g, "\\.")}:5 groups\\[0\\]\\.rules\\[0\\]\\.expr: could not parse expression: `,
      ),
    );
  });

  it("exits 1 for a missing file", async () => {
    const run = await runTestRules([join(dir, "absent.yml")]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("ENOENT");
  });
});
