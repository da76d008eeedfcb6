import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type LoadableStore,
  runTestScript,
  type ScriptReport,
} from "../../src/promql/conformance/run-test-script.js";
import { REPO_ROOT } from "./repo-root.js";

type FileReport = { readonly file: string; readonly report: ScriptReport };

// Prometheus's own PromQL test files are not part of the repository; this one setting says where they are.
const DIR_VARIABLE = "ORBT_PROMQLTEST_DIR";
const DEFAULT_DIR = "../shared/promqltest";

/** `$ORBT_PROMQLTEST_DIR` (absolute, or relative to the repository root), else `../shared/promqltest`. */
export function promqltestDir(): string {
  return resolve(REPO_ROOT, process.env[DIR_VARIABLE] || DEFAULT_DIR);
}

/** Why the promqltest files cannot be read from `dir` and how to get them; undefined when `dir` exists. */
export function promqltestAbsence(dir: string): string | undefined {
  if (existsSync(dir)) return undefined;
  return [
    `promqltest directory not found: ${dir}`,
    "The PromQL conformance suites run Prometheus's own test files (promql/promqltest/testdata/*.test in",
    "github.com/prometheus/prometheus), which are not part of this repository. Copy them to",
    `${DEFAULT_DIR} beside the repository, or set ${DIR_VARIABLE} to their directory`,
    "(absolute, or relative to the repository root).",
  ].join("\n");
}

/**
 * The promqltest directory for a test file, or undefined when it is absent: then the caller skips the
 * tests that need it, after a warning saying how to get the data. Under CI absence throws, so a CI run
 * never passes without the suites.
 */
export function promqltestDirOrSkip(): string | undefined {
  const dir = promqltestDir();
  const absence = promqltestAbsence(dir);
  if (absence === undefined) return dir;
  if (isCi()) throw new Error(`${absence}\nCI=${process.env.CI}, so this fails instead of skipping.`);
  console.warn(`\n!!! PromQL conformance suites SKIPPED !!!\n${absence}\n`);
  return undefined;
}

/** CI services set CI, most to "true"; "false" or "0" say a run is not one (as the daemon's peer tests read it). */
function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && !["", "0", "false"].includes(ci);
}

/** Runs every `*.test` file of a promqltest directory; throws if it has none. */
export function runConformance(dir: string, makeStore?: () => LoadableStore): FileReport[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".test"))
    .sort();
  if (files.length === 0) throw new Error(`no .test files in ${dir}`);
  return files.map((file) => ({
    file,
    report: runTestScript(readFileSync(join(dir, file), "utf8"), makeStore),
  }));
}
