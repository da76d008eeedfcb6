import type { EngineState, Incident } from "../protocol/engine-state.js";
import type { ReplayReport } from "../protocol/replay-report.js";
import { err, ok, type Result } from "../result.js";
import { compareRuns } from "./compare-runs.js";
import { type JournalEntry, runJournal } from "./run-journal.js";

export type ReplayInput = {
  /** The whole journal, in order. */
  readonly journal: readonly JournalEntry[];
  /** Every incident of the recording, as the daemon last stored it. */
  readonly recorded: readonly Incident[];
  /** The engine as the config to try starts it: its settings and services. */
  readonly initial: EngineState;
  /** The span to replay, in ms; by default the whole journal. */
  readonly fromMs?: number;
  readonly toMs?: number;
};

export type ReplayError =
  | { readonly code: "empty_journal" }
  | { readonly code: "reversed_span"; readonly fromMs: number; readonly toMs: number }
  | { readonly code: "empty_span"; readonly fromMs: number; readonly toMs: number };

/**
 * What was done then, as recorded, against what the new settings would have done with the same outside
 * events, per incident, with totals. Both runs end at the span's end.
 */
export function replayRecording(input: ReplayInput): Result<ReplayReport, ReplayError> {
  const { journal } = input;
  const first = journal[0];
  const last = journal.at(-1);
  if (first === undefined || last === undefined) return err({ code: "empty_journal" });
  if (input.fromMs !== undefined && input.toMs !== undefined && input.fromMs > input.toMs) {
    return err({ code: "reversed_span", fromMs: input.fromMs, toMs: input.toMs });
  }
  // Never outside the journal, which knows nothing before its first event or after its last.
  const from = Math.max(input.fromMs ?? first.at, first.at);
  const to = Math.min(input.toMs ?? last.at, last.at);
  const entries = journal.filter((entry) => entry.at >= from && entry.at <= to);
  if (entries.length === 0) return err({ code: "empty_span", fromMs: from, toMs: to });
  const run = runJournal({ entries, initial: input.initial, recorded: input.recorded, endsAt: to });
  const simulated = [...run.outcomes.values()];
  return ok({
    from,
    to,
    journalEvents: entries.length,
    replayedEvents: run.replayedEvents,
    simulatedOutcomes: {
      recorded: simulated.filter((outcome) => outcome.basis === "recorded").length,
      assumed: simulated.filter((outcome) => outcome.basis === "assumed").length,
    },
    ...compareRuns({ recorded: input.recorded, replayed: run.incidents, outcomes: run.outcomes, from, to }),
  });
}
