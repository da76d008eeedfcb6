import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/repo-root.js";

/**
 * Lints `source` as the file `path` under the repository's Biome configuration. The file is planted in a
 * scratch copy of that configuration, never in the working tree (Biome's stdin mode prints no diagnostics).
 */
function lintAs(path: string, source: string): { readonly status: number | null; readonly output: string } {
  const project = mkdtempSync(join(tmpdir(), "orbt-lint-"));
  try {
    for (const file of ["biome.json", ".gitignore"]) copyFileSync(join(REPO_ROOT, file), join(project, file));
    mkdirSync(join(project, dirname(path)), { recursive: true });
    writeFileSync(join(project, path), source);
    const run = spawnSync(join(REPO_ROOT, "node_modules/.bin/biome"), ["lint", path], {
      cwd: project,
      encoding: "utf8",
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

const PLANTED = [
  {
    what: "a node: import",
    source: 'import { readFile } from "node:fs/promises";\n\nexport const read = readFile;\n',
    rule: "lint/correctness/noNodejsModules",
  },
  {
    what: "a bare Node builtin import",
    source: 'import { join } from "path";\n\nexport const joined = join("a", "b");\n',
    rule: "lint/correctness/noNodejsModules",
  },
  {
    what: "process.env",
    source: "export const home = process.env.HOME;\n",
    rule: "lint/style/noRestrictedGlobals",
  },
  {
    what: "setTimeout",
    source: "export const timer = setTimeout(() => {}, 1000);\n",
    rule: "lint/style/noRestrictedGlobals",
  },
];

describe("core does no I/O (lint)", () => {
  it.each(PLANTED)("refuses $what in packages/core/src", ({ source, rule }) => {
    const { status, output } = lintAs("packages/core/src/planted.ts", source);
    expect(status, output).not.toBe(0);
    expect(output).toContain(rule);
  });

  it.each(PLANTED)("allows $what in packages/daemon/src", ({ source }) => {
    const { status, output } = lintAs("packages/daemon/src/planted.ts", source);
    expect(status, output).toBe(0);
  });

  it("allows pure code in packages/core/src", () => {
    const { status, output } = lintAs("packages/core/src/planted.ts", "export const one = 1;\n");
    expect(status, output).toBe(0);
  });
});
