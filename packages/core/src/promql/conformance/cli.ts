/// <reference types="node" />
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type LoadableStore, runTestScript, type ScriptReport } from "./run-test-script.js";

export type FileReport = { readonly file: string; readonly report: ScriptReport };

/** Runs every `*.test` file of a promqltest directory; throws if the directory is missing or empty. */
export function runConformance(dirOrUrl: string | URL, makeStore?: () => LoadableStore): FileReport[] {
  const dir = typeof dirOrUrl === "string" ? dirOrUrl : fileURLToPath(dirOrUrl);
  if (!existsSync(dir)) throw new Error(`promqltest directory not found: ${dir}`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".test"))
    .sort();
  if (files.length === 0) throw new Error(`no .test files in ${dir}`);
  return files.map((file) => ({
    file,
    report: runTestScript(readFileSync(join(dir, file), "utf8"), makeStore),
  }));
}

function main(): void {
  const args = process.argv.slice(2);
  const dir = resolve(args[0] ?? "../shared/promqltest");
  let totals = { passed: 0, failed: 0, skipped: 0 };
  for (const { file, report } of runConformance(dir)) {
    totals = {
      passed: totals.passed + report.passed,
      failed: totals.failed + report.failed,
      skipped: totals.skipped + report.skipped,
    };
    const evaluated = report.passed + report.failed;
    const rate = evaluated === 0 ? 100 : (100 * report.passed) / evaluated;
    console.log(
      `${file}: passed ${report.passed}, failed ${report.failed}, skipped ${report.skipped} (${rate.toFixed(1)}% of evaluated)`,
    );
    for (const o of report.outcomes) {
      if (o.status === "skipped") console.log(`  skipped ${o.name} -- ${o.reason}`);
      if (o.status === "failed") console.log(`  FAILED ${o.name} -- ${o.reason}`);
    }
  }
  console.log(`total: passed ${totals.passed}, failed ${totals.failed}, skipped ${totals.skipped}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
