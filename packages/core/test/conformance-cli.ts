// `npm run conformance [-- DIR]`: runs the promqltest files of DIR (else ORBT_PROMQLTEST_DIR, else
// ../shared/promqltest) through Orbt's PromQL engine and prints what passed, failed and was skipped.
import { resolve } from "node:path";
import { promqltestAbsence, promqltestDir, runConformance } from "./support/promqltest.js";

const arg = process.argv[2];
const dir = arg === undefined ? promqltestDir() : resolve(arg);
const absence = promqltestAbsence(dir);
if (absence !== undefined) {
  console.error(absence);
  process.exit(1);
}

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
