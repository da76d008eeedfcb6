import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CommanderError } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Recorded, recordingIo } from "../../test/support/recording-io.js";
import { validateCommand } from "./validate-command.js";

async function runValidate(args: string[]): Promise<Recorded> {
  const io = recordingIo();
  await validateCommand(io).parseAsync(args, { from: "user" });
  return io.recorded;
}

describe("validateCommand", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbt-validate-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is the `validate` command", () => {
    expect(validateCommand().name()).toBe("validate");
  });

  it("prints ok and exits 0 for a valid file", async () => {
    const path = join(dir, "orbt.yaml");
    await writeFile(path, "project: shop\n");
    expect(await runValidate(["--config", path])).toEqual({ out: [`ok: ${path}`], err: [], exitCode: 0 });
  });

  it("prints one line per problem and exits 2 for an invalid file", async () => {
    const path = join(dir, "orbt.yaml");
    await writeFile(path, "environment: qa\nlisten: nowhere\n");
    expect(await runValidate(["--config", path])).toEqual({
      out: [],
      err: [
        `${path}:1 environment: expected one of dev, staging, prod, got "qa"`,
        `${path}:2 listen: expected host:port like 127.0.0.1:7070, got "nowhere"`,
      ],
      exitCode: 2,
    });
  });

  it("accepts a Postgres store and refuses one that is not a postgres URL, from the file or ORBT_STORE_URL", async () => {
    const path = join(dir, "orbt.yaml");
    await writeFile(path, "store:\n  postgres: postgres://orbt@127.0.0.1:5432/orbt\n");
    expect(await runValidate(["--config", path])).toEqual({ out: [`ok: ${path}`], err: [], exitCode: 0 });

    vi.stubEnv("ORBT_STORE_URL", "mysql://orbt@127.0.0.1/orbt");
    try {
      expect(await runValidate(["--config", path])).toEqual({
        out: [],
        err: ['ORBT_STORE_URL store.postgres: expected a postgres:// URL, got a URL with scheme "mysql"'],
        exitCode: 2,
      });
    } finally {
      vi.unstubAllEnvs();
    }

    await writeFile(path, "store:\n  postgres: /var/lib/orbt\n");
    expect(await runValidate(["--config", path])).toEqual({
      out: [],
      err: [`${path}:2 store.postgres: expected a postgres:// URL, got text that is not a URL`],
      exitCode: 2,
    });
  });

  it("refuses backup on a Postgres store, from the file or ORBT_STORE_URL", async () => {
    const path = join(dir, "orbt.yaml");
    const backup = 'backup: { schedule: "0 3 * * *" }\n';
    await writeFile(path, `${backup}store:\n  postgres: postgres://orbt@127.0.0.1:5432/orbt\n`);
    expect(await runValidate(["--config", path])).toEqual({
      out: [],
      err: [
        `${path} backup: expected only with the SQLite store, not Postgres (from store.postgres): back Postgres up with pg_dump`,
      ],
      exitCode: 2,
    });
    await writeFile(path, backup);
    expect(await runValidate(["--config", path])).toMatchObject({ exitCode: 0 });
    vi.stubEnv("ORBT_STORE_URL", "postgres://orbt@127.0.0.1:5432/orbt");
    try {
      expect(await runValidate(["--config", path])).toMatchObject({
        err: [
          "ORBT_STORE_URL backup: expected only with the SQLite store, not Postgres (from ORBT_STORE_URL): back Postgres up with pg_dump",
        ],
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses an HA pair on the SQLite store, and takes it on Postgres from the file or ORBT_STORE_URL", async () => {
    const path = join(dir, "orbt.yaml");
    const ha = "ha:\n  enabled: true\n  node_id: node-a\n";
    await writeFile(path, ha);
    expect(await runValidate(["--config", path])).toEqual({
      out: [],
      err: [
        `${path} ha.enabled: expected only with a Postgres store (store.postgres or ORBT_STORE_URL): the HA pair shares one database, and SQLite is one file on one host`,
      ],
      exitCode: 2,
    });
    vi.stubEnv("ORBT_STORE_URL", "postgres://orbt@127.0.0.1:5432/orbt");
    try {
      expect(await runValidate(["--config", path])).toMatchObject({ exitCode: 0 });
    } finally {
      vi.unstubAllEnvs();
    }
    await writeFile(path, `${ha}store:\n  postgres: postgres://orbt@127.0.0.1:5432/orbt\n`);
    expect(await runValidate(["--config", path])).toMatchObject({ exitCode: 0 });
    await writeFile(path, "ha:\n  enabled: true\n  node_id: node a\n");
    expect(await runValidate(["--config", path])).toMatchObject({
      err: [`${path}:3 ha.node_id: expected 1-128 characters of A-Z a-z 0-9 . _ -, got "node a"`],
      exitCode: 2,
    });
  });

  it("exits 2 for a missing file", async () => {
    const path = join(dir, "absent.yaml");
    expect(await runValidate(["--config", path])).toEqual({
      out: [],
      err: [`${path}: file not found`],
      exitCode: 2,
    });
  });

  it("requires --config", async () => {
    const command = validateCommand(recordingIo())
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });
    const failure = command.parseAsync([], { from: "user" });
    await expect(failure).rejects.toBeInstanceOf(CommanderError);
    await expect(failure).rejects.toMatchObject({ code: "commander.missingMandatoryOptionValue" });
  });

  it("sets the exit code of a real node process", async () => {
    const path = join(dir, "orbt.yaml");
    await writeFile(
      path,
      "services:\n  - name: web\n    checks:\n      - tcp: 127.0.0.1:1\n        interval: fast\n",
    );
    const moduleUrl = new URL("./validate-command.ts", import.meta.url).href;
    const script = `const { validateCommand } = await import(${JSON.stringify(moduleUrl)});
await validateCommand().parseAsync(["--config", process.argv[1]], { from: "user" });`;
    const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, path], {
      cwd: repoRoot,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exitCode = await new Promise<number | null>((resolveExit) => child.on("close", resolveExit));
    expect({ exitCode, stdout, stderr }).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `${path}:5 services[0].checks[0].interval: expected a duration like 5s, got "fast"\n`,
    });
  });
});
