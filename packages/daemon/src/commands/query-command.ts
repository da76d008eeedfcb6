import { readFile } from "node:fs/promises";
import {
  ChunkedSeriesStore,
  evaluateInstant,
  evaluateRange,
  formatApiData,
  type PromqlError,
  type QueryResult,
  type Result,
} from "@orbt/core";
import { Command } from "commander";
import { parsePrometheusDurationMs } from "../serve/prometheus/parse-prometheus-duration.js";
import { parsePrometheusTimeMs } from "../serve/prometheus/parse-prometheus-time.js";
import { parseExposition } from "../signals/scrape/parse-exposition.js";
import { type CommandIo, PROCESS_IO } from "./command-io.js";

const EXIT_RUNTIME_FAILURE = 1;
const EXIT_BAD_INPUT = 2;

type QueryOptions = { data: string; time?: string; start?: string; end?: string; step?: string };

/** A usage, data or expression problem: printed on stderr, exit 2. */
class BadInput extends Error {}

/**
 * `orbtd query --data FILE [--time T | --start S --end E --step D] EXPR`: evaluates PromQL over an
 * OpenMetrics file with timestamps and prints the Prometheus HTTP API `data` object as JSON.
 */
export function queryCommand(io: CommandIo = PROCESS_IO): Command {
  return new Command("query")
    .description("evaluate a PromQL expression over an OpenMetrics file and print the API data object")
    .argument("<expr>", "PromQL expression")
    .requiredOption("--data <file>", "OpenMetrics text with timestamps, ending in # EOF")
    .option("--time <time>", "instant query time: unix seconds or RFC 3339 (default: now)")
    .option("--start <time>", "range query start: unix seconds or RFC 3339")
    .option("--end <time>", "range query end: unix seconds or RFC 3339")
    .option("--step <duration>", "range query step: a duration like 15s or seconds")
    .action(async (expr: string, options: QueryOptions) => {
      try {
        const result = await runQuery(expr, options);
        if (!result.ok) {
          reportQueryError(io, expr, result.error);
          return;
        }
        for (const warning of result.value.annotations.warnings) io.writeErr(`warning: ${warning}`);
        for (const info of result.value.annotations.infos) io.writeErr(`info: ${info}`);
        io.writeOut(JSON.stringify(formatApiData(result.value.value)));
        io.setExitCode(0);
      } catch (e) {
        if (!(e instanceof BadInput)) throw e;
        io.writeErr(e.message);
        io.setExitCode(EXIT_BAD_INPUT);
      }
    });
}

async function runQuery(expr: string, options: QueryOptions): Promise<Result<QueryResult, PromqlError>> {
  const rangeFlags = [options.start, options.end, options.step];
  const isRange = rangeFlags.some((flag) => flag !== undefined);
  if (isRange && rangeFlags.some((flag) => flag === undefined)) {
    throw new BadInput("a range query needs all of --start, --end and --step");
  }
  if (isRange && options.time !== undefined)
    throw new BadInput("--time cannot be combined with --start/--end");
  const store = await loadStore(options.data);
  if (!isRange) {
    const timeMs = options.time === undefined ? Date.now() : parseTimeMs(options.time, "--time");
    return evaluateInstant(expr, timeMs, store);
  }
  const startMs = parseTimeMs(options.start!, "--start");
  const endMs = parseTimeMs(options.end!, "--end");
  const stepMs = parseStepMs(options.step!);
  return evaluateRange(expr, startMs, endMs, stepMs, store);
}

async function loadStore(file: string): Promise<ChunkedSeriesStore> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const isMissing = (e as NodeJS.ErrnoException).code === "ENOENT";
    throw new BadInput(`${file}: ${isMissing ? "file not found" : String(e)}`);
  }
  const parsed = parseExposition(text);
  if (!parsed.ok) throw new BadInput(`${file}:${parsed.error.line} ${parsed.error.message}`);
  const store = new ChunkedSeriesStore();
  for (const series of parsed.value) {
    const counts = store.append(series.labels, series.samples);
    if (counts.conflict > 0) {
      throw new BadInput(
        `${file}: series ${JSON.stringify(series.labels)} has ${counts.conflict} samples repeating a timestamp with another value`,
      );
    }
  }
  return store;
}

/** Like Prometheus's API: unix seconds (fractions allowed) or RFC 3339. */
function parseTimeMs(text: string, flag: string): number {
  const parsed = parsePrometheusTimeMs(text);
  if (!parsed.ok) throw new BadInput(`${flag}: ${parsed.error}`);
  return parsed.value;
}

/** Like Prometheus's API: seconds (fractions allowed) or a duration; must be positive. */
function parseStepMs(text: string): number {
  const parsed = parsePrometheusDurationMs(text);
  if (!parsed.ok) throw new BadInput(`--step: ${parsed.error}`);
  const ms = Math.round(parsed.value);
  if (ms <= 0) {
    throw new BadInput("--step: zero or negative query resolution step widths are not accepted");
  }
  return ms;
}

function reportQueryError(io: CommandIo, expr: string, error: PromqlError): void {
  io.writeErr(`${error.code === "parse" ? "bad expression" : `${error.code} error`}: ${error.message}`);
  if (error.position !== undefined && error.code !== "execution") {
    io.writeErr(`  ${expr}`);
    io.writeErr(`  ${" ".repeat(error.position)}^`);
  }
  io.setExitCode(error.code === "execution" ? EXIT_RUNTIME_FAILURE : EXIT_BAD_INPUT);
}
