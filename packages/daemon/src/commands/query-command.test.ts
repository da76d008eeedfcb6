import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryCommand } from "./query-command.js";

// The real CLI, as built by `npm run build`.
const ORBTD_BIN = fileURLToPath(new URL("../../bin/orbtd.js", import.meta.url));

const DATA = `# HELP http_requests Requests served.
# TYPE http_requests counter
http_requests_total{job="api",code="200"} 0 1700000000
http_requests_total{job="api",code="200"} 60 1700000060
http_requests_total{job="api",code="200"} 120 1700000120
http_requests_total{job="api",code="500"} 1 1700000000
http_requests_total{job="api",code="500"} 4 1700000120
up{job="api"} 1 1700000000
up{job="api"} 0.5 1700000060.5
# EOF
`;

type Run = { exitCode: number | null; stdout: string; stderr: string };

function runQuery(args: readonly string[]): Promise<Run> {
  const child = spawn(process.execPath, [ORBTD_BIN, "query", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on("close", (exitCode) => resolve({ exitCode, stdout, stderr })));
}

describe("orbtd query", () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbt-query-"));
    data = join(dir, "data.om");
    await writeFile(data, DATA);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is the `query` command", () => {
    expect(queryCommand().name()).toBe("query");
  });

  it("prints an instant vector as the API's data object", async () => {
    const run = await runQuery(["--data", data, "--time", "1700000120", 'http_requests_total{code="200"}']);
    expect(run).toEqual({
      exitCode: 0,
      stdout:
        '{"resultType":"vector","result":[{"metric":{"__name__":"http_requests_total","code":"200","job":"api"},"value":[1700000120,"120"]}]}\n',
      stderr: "",
    });
  });

  it("prints a range query as a matrix, step given as a duration or seconds", async () => {
    const expected = {
      resultType: "matrix",
      result: [
        {
          metric: { __name__: "http_requests_total", code: "500", job: "api" },
          values: [
            [1700000000, "1"],
            [1700000060, "1"],
            [1700000120, "4"],
          ],
        },
      ],
    };
    for (const step of ["1m", "60"]) {
      const run = await runQuery([
        "--data",
        data,
        "--start",
        "1700000000",
        "--end",
        "1700000120",
        "--step",
        step,
        'http_requests_total{code="500"}',
      ]);
      expect(run.exitCode).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(expected);
    }
  });

  it("takes RFC 3339 times and prints scalars and fractional timestamps", async () => {
    const scalar = await runQuery(["--data", data, "--time", "2023-11-14T22:15:20Z", "time()"]);
    expect(scalar.stdout).toBe('{"resultType":"scalar","result":[1700000120,"1700000120"]}\n');
    const vector = await runQuery(["--data", data, "--time", "2023-11-14T22:14:20.75Z", "up"]);
    expect(JSON.parse(vector.stdout)).toEqual({
      resultType: "vector",
      result: [{ metric: { __name__: "up", job: "api" }, value: [1700000060.75, "0.5"] }],
    });
  });

  it("exits 2 with the parse error and its position for a bad expression", async () => {
    const run = await runQuery(["--data", data, "--time", "1700000120", "sum(rate(x[5m])"]);
    expect(run).toEqual({
      exitCode: 2,
      stdout: "",
      stderr:
        "bad expression: parse error at char 16: unexpected end of input\n  sum(rate(x[5m])\n                 ^\n",
    });
  });

  it("exits 2 naming file and line for bad data, and for bad times", async () => {
    const bad = join(dir, "bad.om");
    await writeFile(bad, 'up{job="a"} 1 100\nup{job="a" 2 200\n# EOF\n');
    const run = await runQuery(["--data", bad, "--time", "200", "up"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${bad}:2 `));
    const badTime = await runQuery(["--data", data, "--time", "yesterday", "up"]);
    expect(badTime).toMatchObject({
      exitCode: 2,
      stderr: '--time: cannot parse "yesterday" to a valid timestamp\n',
    });
    const badStep = await runQuery(["--data", data, "--start", "0", "--end", "10", "--step", "1m1h", "up"]);
    expect(badStep).toMatchObject({
      exitCode: 2,
      stderr: '--step: cannot parse "1m1h" to a valid duration\n',
    });
    const partialRange = await runQuery(["--data", data, "--start", "0", "--end", "10", "up"]);
    expect(partialRange).toMatchObject({
      exitCode: 2,
      stderr: "a range query needs all of --start, --end and --step\n",
    });
  });

  it("exits 1 when evaluation fails", async () => {
    const run = await runQuery([
      "--data",
      data,
      "--time",
      "1700000120",
      'label_replace(http_requests_total, "code", "", "code", ".*")',
    ]);
    expect(run).toMatchObject({ exitCode: 1, stdout: "" });
    expect(run.stderr).toContain("vector cannot contain metrics with the same labelset");
  });
});
