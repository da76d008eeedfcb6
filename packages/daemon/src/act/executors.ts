import type { RemedyTool, RunRemedy } from "@orbt/core";
import { deployHookExecutor } from "./deploy-hook-executor.js";
import { dockerExecutor } from "./docker-executor.js";
import { execExecutor, execKey } from "./exec-executor.js";
import type {
  ActionKey,
  Executor,
  IntentRecord,
  OutcomeSummary,
  RemedyBudget,
  RemedyOutcome,
} from "./executor.js";
import { httpExecutor, httpKey } from "./http-executor.js";
import { kubectlExecutor } from "./kubectl-executor.js";
import { systemdExecutor } from "./systemd-executor.js";

/** An executor for each kind in `K`, each running actions of its own kind. */
export type ExecutorRegistry<K extends string> = {
  readonly [P in K]: Executor<{ readonly kind: P }, unknown, RemedyOutcome>;
};

/**
 * One line per remedy tool (`RemedyTool` in core names them): a tool without its executor here does not
 * compile.
 */
export const EXECUTORS = {
  exec: execExecutor,
  http: httpExecutor,
  systemd: systemdExecutor,
  docker: dockerExecutor,
  kubectl: kubectlExecutor,
  deploy_hook: deployHookExecutor,
} satisfies ExecutorRegistry<RemedyTool>;

export type RemedyAction = Parameters<(typeof EXECUTORS)[RemedyTool]["record"]>[0];

/**
 * The tools a remedy may spell out with a key of its own (`exec: [argv]`, `http: {url}`); the others come
 * from presets (`remedy-presets.ts`). The remedy config's action keys come from this object, in this order.
 */
export const ACTION_KEYS = {
  exec: execKey,
  http: httpKey,
} satisfies { readonly [P in RemedyTool]?: ActionKey<{ readonly kind: P }, unknown> };

export type ActionKeyName = keyof typeof ACTION_KEYS;

export const ACTION_KEY_NAMES = Object.keys(ACTION_KEYS) as readonly ActionKeyName[];

/**
 * The executor of `kind`, typed for any action. An action only ever reaches the executor of its own
 * kind, which indexing by a union of kinds cannot show the compiler.
 */
function executorOf(kind: RemedyTool): Executor<RemedyAction, unknown, RemedyOutcome> {
  return EXECUTORS[kind] as Executor<RemedyAction, unknown, RemedyOutcome>;
}

/** The action of a remedy whose config sets `key` to `settings` (already parsed by its schema). */
export function toRemedyAction(key: ActionKeyName, settings: unknown, remedy: RemedyBudget): RemedyAction {
  return (ACTION_KEYS[key] as ActionKey<RemedyAction, unknown>).toAction(settings, remedy);
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
