import type { RemedyFinished, RunRemedy } from "@orbt/core";
import { type ActionResult, runRemedyAction } from "../act/executors.js";
import type { OrbtConfig } from "../config/orbt-config.js";

const OUTPUT_IN_JOURNAL_CHARS = 2_000;

async function runConfiguredRemedy(
  config: OrbtConfig,
  effect: RunRemedy,
  signal: AbortSignal,
): Promise<ActionResult> {
  const remedy = config.remedies[effect.remedyIndex];
  if (remedy === undefined) {
    return {
      outcome: {
        kind: effect.tool,
        ok: false,
        timedOut: false,
        durationMs: 0,
        output: "",
        isOutputTruncated: false,
        error: { code: "no_remedy", message: `no remedy #${effect.remedyIndex} in the config` },
      },
      summary: { exitCode: null },
    };
  }
  return runRemedyAction(remedy.action, effect, remedy, signal);
}

/** The status line and error, then the end of the output, where a failing command usually says why. */
function describeOutcome({ outcome, summary }: ActionResult): string {
  const status = summary.statusLine === undefined ? "" : `${summary.statusLine}\n`;
  const error = outcome.error === undefined ? "" : `${outcome.error.message}\n`;
  const head = `${status}${error}`.slice(0, OUTPUT_IN_JOURNAL_CHARS);
  const room = OUTPUT_IN_JOURNAL_CHARS - head.length;
  return room > 0 ? `${head}${outcome.output.slice(-room)}` : head;
}

export type RemedyResult = { readonly event: RemedyFinished; readonly fullOutput: string };

/** Runs the remedy an effect names; resolves with the event to feed back, never rejects. */
export async function runRemedy(
  config: OrbtConfig,
  effect: RunRemedy,
  signal: AbortSignal,
): Promise<RemedyResult> {
  const result = await runConfiguredRemedy(config, effect, signal);
  const { outcome, summary } = result;
  return {
    event: {
      type: "RemedyFinished",
      incidentId: effect.incidentId,
      actionId: effect.actionId,
      ok: outcome.ok,
      exitCode: summary.exitCode,
      durationMs: Math.round(outcome.durationMs),
      isTimedOut: outcome.timedOut,
      output: describeOutcome(result),
    },
    fullOutput: outcome.output,
  };
}
