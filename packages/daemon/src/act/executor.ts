import type { ExecOutcome, ExecRemedy } from "./exec-executor.js";
import type { HttpRemedy, HttpRemedyOutcome } from "./http-executor.js";

export type Remedy = ExecRemedy | HttpRemedy;

/** Every outcome carries `ok` and `durationMs`; `kind` says which executor produced the rest. */
export type RemedyOutcome = ExecOutcome | HttpRemedyOutcome;

/**
 * Runs one kind of remedy. `run` never rejects: spawn failures, timeouts and aborts come back as
 * `ok: false` outcomes, because the engine needs an outcome for every `RunRemedy` effect.
 */
export type Executor<R extends Remedy = Remedy> = {
  readonly kind: R["kind"];
  run(remedy: R, signal?: AbortSignal): Promise<RemedyOutcome>;
};
