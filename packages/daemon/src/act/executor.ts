import type { RunRemedy } from "@orbt/core";
import type * as z from "zod";
import type { ActionIntent } from "../store/store.js";

/** Every outcome carries these; `kind` says which executor produced the rest. */
export type RemedyOutcome = {
  readonly kind: string;
  readonly ok: boolean;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly output: string;
  readonly isOutputTruncated: boolean;
  readonly error?: { readonly code: string; readonly message: string };
};

/** What `RemedyFinished` tells of an outcome beyond the fields every outcome has. */
export type OutcomeSummary = {
  /** null: no process exited (killed at the budget, never started, or not a process at all). */
  readonly exitCode: number | null;
  /** A first line for the journal's copy of the output, such as `HTTP 503`. */
  readonly statusLine?: string;
};

/** How the actions table records what is about to run: a command's argv, or the target of anything else. */
export type IntentRecord = Pick<ActionIntent, "argv" | "target">;

/** The keys of a remedy an action may fall back on. */
export type RemedyBudget = { readonly timeoutMs: number };

/**
 * One kind of remedy action, keyed in `EXECUTORS` by its name, the TOOL of its DPR id: what the actions
 * table records, what a run is told of the incident, and the run itself. Where actions come from is
 * separate: a remedy's own config key (`ActionKey`) or a preset filled from the service (`remedy-presets.ts`).
 */
export type Executor<Action extends { readonly kind: string }, Run, Outcome extends RemedyOutcome> = {
  record(action: Action): IntentRecord;
  /** The run one `RunRemedy` effect asks for: the action plus what the remedy is told of the incident. */
  plan(action: Action, effect: RunRemedy, remedy: RemedyBudget): Run;
  /**
   * Never rejects: spawn failures, timeouts and aborts come back as `ok: false` outcomes, because the
   * engine needs an outcome for every `RunRemedy` effect.
   */
  run(run: Run, signal?: AbortSignal): Promise<Outcome>;
  summarize(outcome: Outcome): OutcomeSummary;
};

/** A remedy config key that spells an action out, such as `exec: [argv]`. */
export type ActionKey<Action extends { readonly kind: string }, Settings> = {
  /** The value of the remedy's `<kind>:` key in the config. */
  readonly settings: z.ZodType<Settings, unknown>;
  /** The action the key stands for; `remedy` fills what the key leaves out, such as a timeout. */
  toAction(settings: Settings, remedy: RemedyBudget): Action;
};

/** An outcome of `Source`'s runner reported under another executor's kind, e.g. a systemctl run as `systemd`. */
export type RelabeledOutcome<Source extends RemedyOutcome, K extends string> = Omit<Source, "kind"> & {
  readonly kind: K;
};
