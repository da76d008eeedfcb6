import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfigFile } from "./load-config-file.js";

describe("loadConfigFile", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbt-config-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads a valid file, resolving data_dir next to it", async () => {
    const path = join(dir, "orbt.yaml");
    await writeFile(path, "project: shop\ndata_dir: ./data\n");
    const loaded = await loadConfigFile(path);
    expect(loaded.ok && loaded.value.project).toBe("shop");
    expect(loaded.ok && loaded.value.dataDir).toBe(join(dir, "data"));
  });

  it("names the file as given in its problems", async () => {
    const path = join(dir, "orbt.yaml");
    await writeFile(path, "project: shop\nenvironment: qa\n");
    expect(await loadConfigFile(path)).toEqual({
      ok: false,
      error: [
        {
          code: "invalid_value",
          file: path,
          line: 2,
          path: "environment",
          message: 'expected one of dev, staging, prod, got "qa"',
        },
      ],
    });
  });

  it("reports a missing file as a problem on line 0", async () => {
    const path = join(dir, "absent.yaml");
    expect(await loadConfigFile(path)).toEqual({
      ok: false,
      error: [{ code: "file_not_found", file: path, line: 0, path: "", message: "file not found" }],
    });
  });

  it("reports a file it cannot read", async () => {
    expect(await loadConfigFile(dir)).toEqual({
      ok: false,
      error: [
        { code: "file_unreadable", file: dir, line: 0, path: "", message: "cannot read file (EISDIR)" },
      ],
    });
  });
});
