import type { ReadinessAssessment } from "@orbt/core";
import { Command, InvalidArgumentError } from "commander";
import { formatConfigProblem } from "../config/config-problem.js";
import { assessSetupReadiness } from "../readiness/gather-readiness-facts.js";
import { type CommandIo, PROCESS_IO } from "./command-io.js";
import { loadSetup } from "./load-setup.js";

const EXIT_BELOW_MIN_SCORE = 1;
const EXIT_INVALID_CONFIG = 2;

function parseMinScore(text: string): number {
  const score = Number(text);
  if (!/^\d+$/.test(text) || score > 100) {
    throw new InvalidArgumentError(`expected a whole number from 0 to 100, got "${text}"`);
  }
  return score;
}

/** The score, then each area's score and every finding not met, with its fix. */
export function formatReadiness(assessment: ReadinessAssessment): string[] {
  const lines = [`readiness of ${assessment.project} (${assessment.environment}): ${assessment.score}/100`];
  for (const area of assessment.areas) {
    lines.push(`  ${area.area}: ${area.score}/100`);
    for (const finding of area.findings) {
      if (finding.fix === null) continue;
      lines.push(`    ${finding.status} ${finding.fact}: ${finding.detail}`, `      fix: ${finding.fix}`);
    }
  }
  return lines;
}

/**
 * `orbtd readiness [--config FILE] [--min-score N] [--json]`: assesses production readiness offline, from
 * the config, its rule files and their tests, the backup directory and the tls checks' certificates.
 */
export function readinessCommand(io: CommandIo = PROCESS_IO): Command {
  return new Command("readiness")
    .description("score production readiness from the config and data dir; exit 1 below --min-score")
    .option("--config <file>", "config file to assess (default: the embedded one)")
    .option("--min-score <n>", "exit 1 when the overall score is below n (0-100)", parseMinScore)
    .option("--json", "print the assessment as JSON")
    .action(async (options: { config?: string; minScore?: number; json?: boolean }) => {
      const loaded = await loadSetup(options.config);
      if (!loaded.ok) {
        for (const problem of loaded.error) io.writeErr(formatConfigProblem(problem));
        io.setExitCode(EXIT_INVALID_CONFIG);
        return;
      }
      const assessment = await assessSetupReadiness(loaded.value, Date.now());
      if (options.json === true) io.writeOut(JSON.stringify(assessment, null, 2));
      else for (const line of formatReadiness(assessment)) io.writeOut(line);
      const isBelow = options.minScore !== undefined && assessment.score < options.minScore;
      if (isBelow)
        io.writeErr(`orbtd readiness: score ${assessment.score} is below --min-score ${options.minScore}`);
      io.setExitCode(isBelow ? EXIT_BELOW_MIN_SCORE : 0);
    });
}
