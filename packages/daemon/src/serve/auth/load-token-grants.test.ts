import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTokenGrants } from "./load-token-grants.js";

const readTextFile = (path: string) => readFile(path, "utf8");

describe("loadTokenGrants", () => {
  it("takes inline tokens and reads token files without their trailing newline", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orbt-tokens-"));
    const file = join(dir, "ops.token");
    await writeFile(file, "from-file\n");
    const loaded = await loadTokenGrants(
      [
        { name: "grafana", token: "inline", role: "viewer" },
        { name: "ops", tokenFile: file, role: "operator" },
      ],
      readTextFile,
    );
    expect(loaded).toEqual({
      ok: true,
      value: [
        { name: "grafana", token: "inline", role: "viewer" },
        { name: "ops", token: "from-file", role: "operator" },
      ],
    });
  });

  it("reports an unreadable or empty token file by entry name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orbt-tokens-"));
    const empty = join(dir, "empty.token");
    await writeFile(empty, "\n");
    const missing = await loadTokenGrants(
      [{ name: "ops", tokenFile: join(dir, "nope"), role: "admin" }],
      readTextFile,
    );
    expect(missing).toEqual({
      ok: false,
      error: { code: "token_file_unreadable", message: expect.stringContaining('token "ops": cannot read') },
    });
    const blank = await loadTokenGrants([{ name: "ops", tokenFile: empty, role: "admin" }], readTextFile);
    expect(blank.ok).toBe(false);
  });
});
