import { access } from "node:fs/promises";
import { join } from "node:path";
import {
  assertNever,
  EngineEvent,
  err,
  Incident,
  initialState,
  type JournalEntry,
  ok,
  type ReplayError,
  type ReplayReport,
  type Result,
  replayRecording,
} from "@orbt/core";
import { Command } from "commander";
import { formatConfigProblem } from "../config/config-problem.js";
import { toEngineSettings, toServiceStates } from "../runtime/engine-settings.js";
import { parsePrometheusTimeMs } from "../serve/prometheus/parse-prometheus-time.js";
import { type Recording, readRecording } from "../store/read-recording.js";
import type { StoreOptions } from "../store/store.js";
import { type CommandIo, PROCESS_IO } from "./command-io.js";
import { formatReplayReport } from "./format-replay-report.js";
import { loadSetup } from "./load-setup.js";

const EXIT_RUNTIME_FAILURE = 1;
const EXIT_BAD_INPUT = 2;

type ReplayOptions = {
  readonly config: string;
  readonly dataDir?: string;
  readonly from?: string;
  readonly to?: string;
  readonly json?: boolean;
};

/** Why the replay did not run: the lines for stderr and the exit code. */
type ReplayProblem = { readonly exitCode: number; readonly lines: readonly string[] };

type ReplayOutput = { readonly report: ReplayReport; readonly warnings: readonly string[] };

/**
 * `orbtd replay --config NEW.yaml [--data-dir DIR] [--from T] [--to T] [--json]`: runs the engine with the
 * config over a recorded journal on a fake clock, executing nothing, and prints per incident what was
 * done then and what would be done now, with totals.
 */
export function replayCommand(io: CommandIo = PROCESS_IO): Command {
  return new Command("replay")
    .description(
      "run a config over a recorded journal, executing nothing, and compare per incident what was done with what it would do",
    )
    .requiredOption("--config <file>", "the config to try (YAML)")
    .option(
      "--data-dir <dir>",
      "the recording's data directory, read-only (default: the store the config names)",
    )
    .option("--from <time>", "replay from: unix seconds or RFC 3339 (default: the journal's first event)")
    .option("--to <time>", "replay to: unix seconds or RFC 3339 (default: the journal's last event)")
    .option("--json", "print the report as JSON")
    .action(async (options: ReplayOptions) => {
      const replayed = await runReplay(options);
      if (!replayed.ok) {
        for (const line of replayed.error.lines) io.writeErr(line);
        io.setExitCode(replayed.error.exitCode);
        return;
      }
      const { report, warnings } = replayed.value;
      for (const warning of warnings) io.writeErr(`warning: ${warning}`);
      const lines =
        options.json === true ? [JSON.stringify(report)] : formatReplayReport(report, options.config);
      for (const line of lines) io.writeOut(line);
      io.setExitCode(0);
    });
}

function badInput(...lines: string[]): Result<never, ReplayProblem> {
  return err({ exitCode: EXIT_BAD_INPUT, lines });
}

function parseTimeFlag(text: string | undefined, flag: string): Result<number | undefined, ReplayProblem> {
  if (text === undefined) return ok(undefined);
  const parsed = parsePrometheusTimeMs(text);
  return parsed.ok ? parsed : badInput(`${flag}: ${parsed.error}`);
}

/** The store named for messages: a Postgres URL may hold a password. */
function describeStore(store: StoreOptions): string {
  return store.kind === "sqlite" ? store.file : "the Postgres store";
}

async function runReplay(options: ReplayOptions): Promise<Result<ReplayOutput, ReplayProblem>> {
  const fromMs = parseTimeFlag(options.from, "--from");
  if (!fromMs.ok) return fromMs;
  const toMs = parseTimeFlag(options.to, "--to");
  if (!toMs.ok) return toMs;
  const setup = await loadSetup(options.config);
  if (!setup.ok) return badInput(...setup.error.map(formatConfigProblem));
  const store: StoreOptions =
    options.dataDir === undefined
      ? setup.value.store
      : { kind: "sqlite", file: join(options.dataDir, "orbt.db") };
  if (store.kind === "sqlite") {
    const isFound = await access(store.file).then(
      () => true,
      () => false,
    );
    if (!isFound) return badInput(`${store.file}: no recording found: is this the daemon's data directory?`);
  }
  let recording: Recording;
  try {
    recording = await readRecording(store);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return err({
      exitCode: EXIT_RUNTIME_FAILURE,
      lines: [`cannot read ${describeStore(store)}: ${message}`],
    });
  }
  const { journal, recorded, warnings } = parseRecording(recording);
  const { config } = setup.value;
  const replayed = replayRecording({
    journal,
    recorded,
    initial: initialState(toEngineSettings(config), toServiceStates(config)),
    ...(fromMs.value === undefined ? {} : { fromMs: fromMs.value }),
    ...(toMs.value === undefined ? {} : { toMs: toMs.value }),
  });
  if (!replayed.ok) return badInput(explainReplayError(replayed.error, store, journal, options));
  return ok({ report: replayed.value, warnings });
}

/** Journal rows and stored incidents parsed at the edge; what does not parse is left out, with a warning. */
function parseRecording(recording: Recording): {
  journal: JournalEntry[];
  recorded: Incident[];
  warnings: string[];
} {
  const warnings: string[] = [];
  const journal: JournalEntry[] = [];
  const badRows: string[] = [];
  for (const row of recording.events) {
    const parsed = EngineEvent.safeParse(row.payload);
    if (parsed.success) journal.push({ at: row.at, event: parsed.data });
    else badRows.push(`seq ${row.seq} (${row.type})`);
  }
  if (badRows.length > 0) {
    warnings.push(`${badRows.length} journal rows skipped, not events this orbtd knows: first ${badRows[0]}`);
  }
  const recorded: Incident[] = [];
  const unreadable: string[] = [];
  for (const record of recording.incidents) {
    const parsed = Incident.safeParse(record.detail);
    if (parsed.success) recorded.push(parsed.data);
    else unreadable.push(record.id);
  }
  if (unreadable.length > 0) {
    warnings.push(
      `${unreadable.length} stored incidents left out of "then", their record unreadable: ${unreadable.join(", ")}`,
    );
  }
  return { journal, recorded, warnings };
}

function explainReplayError(
  error: ReplayError,
  store: StoreOptions,
  journal: readonly JournalEntry[],
  options: ReplayOptions,
): string {
  switch (error.code) {
    case "empty_journal":
      return `the journal in ${describeStore(store)} has no events: nothing to replay`;
    case "reversed_span":
      return `--from ${options.from} is after --to ${options.to}`;
    case "empty_span": {
      const asked = [options.from && `--from ${options.from}`, options.to && `--to ${options.to}`];
      const first = new Date(journal[0]!.at).toISOString();
      const last = new Date(journal.at(-1)!.at).toISOString();
      return `no journal events in ${asked.filter(Boolean).join(" ")}: the journal runs from ${first} to ${last}`;
    }
    default:
      return assertNever(error);
  }
}
