import type { RemedyFinished, RunRemedy } from "@orbt/core";
import { execExecutor } from "../act/exec-executor.js";
import type { RemedyOutcome } from "../act/executor.js";
import { httpExecutor } from "../act/http-executor.js";
import type { OrbtConfig } from "../config/orbt-config.js";

const OUTPUT_IN_JOURNAL_CHARS = 2_000;

/** What a remedy sees of the daemon: a minimal PATH plus the incident it acts on, never daemon secrets. */
function remedyEnvironment(effect: RunRemedy): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    ORBT_SERVICE: effect.service,
    ORBT_INCIDENT_ID: effect.incidentId,
    ORBT_DPR_ID: effect.dprId,
    ORBT_SOLUTION: effect.solution,
    ORBT_STRIKE: String(effect.strike),
  };
}

async function runConfiguredRemedy(
  config: OrbtConfig,
  effect: RunRemedy,
  signal: AbortSignal,
): Promise<RemedyOutcome> {
  const remedy = config.remedies[effect.remedyIndex];
  if (remedy === undefined) {
    return {
      kind: "exec",
      ok: false,
      exitCode: null,
      signal: null,
      timedOut: false,
      durationMs: 0,
      output: "",
      isOutputTruncated: false,
      error: { code: "spawn_failed", message: `no remedy #${effect.remedyIndex} in the config` },
    };
  }
  const { action } = remedy;
  if (action.kind === "exec") {
    return execExecutor.run(
      { kind: "exec", argv: action.argv, timeoutMs: remedy.timeoutMs, env: remedyEnvironment(effect) },
      signal,
    );
  }
  return httpExecutor.run(
    {
      kind: "http",
      url: action.url,
      method: action.method,
      timeoutMs: action.timeoutMs,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        service: effect.service,
        incident_id: effect.incidentId,
        dpr_id: effect.dprId,
        solution: effect.solution,
      }),
    },
    signal,
  );
}

function describeOutcome(outcome: RemedyOutcome): string {
  const status = outcome.kind === "http" && outcome.status !== null ? `HTTP ${outcome.status}\n` : "";
  const error = outcome.error === undefined ? "" : `${outcome.error.message}\n`;
  return `${status}${error}${outcome.output}`.slice(0, OUTPUT_IN_JOURNAL_CHARS);
}

export type RemedyResult = { readonly event: RemedyFinished; readonly fullOutput: string };

/** Runs the remedy an effect names; resolves with the event to feed back, never rejects. */
export async function runRemedy(
  config: OrbtConfig,
  effect: RunRemedy,
  signal: AbortSignal,
): Promise<RemedyResult> {
  const outcome = await runConfiguredRemedy(config, effect, signal);
  return {
    event: {
      type: "RemedyFinished",
      incidentId: effect.incidentId,
      actionId: effect.actionId,
      ok: outcome.ok,
      exitCode: outcome.kind === "exec" ? outcome.exitCode : null,
      durationMs: Math.round(outcome.durationMs),
      isTimedOut: outcome.timedOut,
      output: describeOutcome(outcome),
    },
    fullOutput: outcome.output,
  };
}
