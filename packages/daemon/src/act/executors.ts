import type { RemedyTool, RunRemedy } from "@orbt/core";
import { execExecutor } from "./exec-executor.js";
import type { Executor, IntentRecord, OutcomeSummary, RemedyBudget, RemedyOutcome } from "./executor.js";
import { httpExecutor } from "./http-executor.js";

/** An executor for each kind in `K`, each making actions of its own kind. */
export type ExecutorRegistry<K extends string> = {
  readonly [P in K]: Executor<{ readonly kind: P }, unknown, unknown, RemedyOutcome>;
};

/**
 * One line per remedy tool (`RemedyTool` in core names them): a tool without its executor here does not
 * compile. The remedy config's action keys come from this object, in this order.
 */
export const EXECUTORS = {
  exec: execExecutor,
  http: httpExecutor,
} satisfies ExecutorRegistry<RemedyTool>;

export type RemedyAction = ReturnType<(typeof EXECUTORS)[RemedyTool]["toAction"]>;

export const ACTION_KINDS = Object.keys(EXECUTORS) as readonly RemedyTool[];

/**
 * The executor of `kind`, typed for any action. An action only ever reaches the executor of its own
 * kind, which indexing by a union of kinds cannot show the compiler.
 */
function executorOf(kind: RemedyTool): Executor<RemedyAction, unknown, unknown, RemedyOutcome> {
  return EXECUTORS[kind];
}

/** The action of a remedy whose config sets `kind`'s key to `settings` (already parsed by its schema). */
export function toRemedyAction(kind: RemedyTool, settings: unknown, remedy: RemedyBudget): RemedyAction {
  return executorOf(kind).toAction(settings, remedy);
}

/** How the actions table records a remedy's action before it runs. */
export function recordIntent(action: RemedyAction): IntentRecord {
  return executorOf(action.kind).record(action);
}

export type ActionResult = { readonly outcome: RemedyOutcome; readonly summary: OutcomeSummary };

/** Runs a remedy's action for one `RunRemedy` effect with its kind's executor; never rejects. */
export async function runRemedyAction(
  action: RemedyAction,
  effect: RunRemedy,
  remedy: RemedyBudget,
  signal: AbortSignal,
): Promise<ActionResult> {
  const executor = executorOf(action.kind);
  const outcome = await executor.run(executor.plan(action, effect, remedy), signal);
  return { outcome, summary: executor.summarize(outcome) };
}
