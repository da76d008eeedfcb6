import { readFile, writeFile } from "node:fs/promises";
import {
  formatDurationMs,
  type KnowledgeEntry,
  KnowledgeFile,
  KnowledgeImportResponse,
  KnowledgeResponse,
  type RankedKnowledge,
  scoreKnowledge,
} from "@orbt/core";
import { Command } from "commander";
import { stringify } from "yaml";
import { formatConfigProblem } from "../config/config-problem.js";
import { parseYamlText } from "../config/parse-config-text.js";
import { type CommandIo, PROCESS_IO } from "./command-io.js";
import { checkDaemonUrl, type DaemonAddress, DEFAULT_DAEMON_URL, requestDaemon } from "./daemon-request.js";

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

export type KnowledgeCommandDeps = {
  readonly io?: CommandIo;
  /** Where `ORBT_TOKEN` is read from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
};

type AddressOptions = { url: string; token?: string };
type RowFilter = { pattern?: string; platform?: string; scale?: string };

function msOrDash(ms: number | null): string {
  return ms === null ? "-" : formatDurationMs(Math.round(ms));
}

function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

function describeRows(entries: readonly KnowledgeEntry[]): string[] {
  const header = [
    "PATTERN",
    "SOLUTION",
    "PLATFORM",
    "SCALE",
    "SCORE",
    "TRIES",
    "OK",
    "MTTR",
    "P90",
    "LAST",
    "FROM",
  ];
  return formatTable([
    header,
    ...entries.map((entry) => [
      entry.pattern,
      entry.solution,
      entry.platform,
      entry.scale,
      entry.tries === 0 ? "-" : scoreKnowledge(entry).toFixed(2),
      String(entry.tries),
      String(entry.successes),
      msOrDash(entry.meanRecoveryMs),
      msOrDash(entry.p90RecoveryMs),
      entry.lastOutcome ?? "-",
      entry.provenance,
    ]),
  ]);
}

function describeRanking(filter: RowFilter, ranking: readonly RankedKnowledge[]): string[] {
  const where = `${filter.pattern} on ${filter.platform ?? "any"} platform at ${filter.scale ?? "any"} scale`;
  if (ranking.length === 0) return [`nothing is known of ${where}: it escalates`];
  const lines = [`${where}, best first:`];
  ranking.forEach(({ entry, score, basis }, index) => {
    lines.push(
      `${index + 1}. ${entry.solution}  score ${score.toFixed(3)} (${basis})  ${entry.successes}/${entry.tries} ok  MTTR ${msOrDash(entry.meanRecoveryMs)}  p90 ${msOrDash(entry.p90RecoveryMs)}  ${entry.provenance}`,
    );
    for (const lesson of entry.lessons) {
      lines.push(`   - ${new Date(lesson.at).toISOString()} ${lesson.by}: ${lesson.note}`);
    }
  });
  return lines;
}

function queryString(filter: RowFilter): string {
  const params = new URLSearchParams();
  for (const key of ["pattern", "platform", "scale"] as const) {
    const value = filter[key];
    if (value !== undefined) params.set(key, value);
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** `orbtd knowledge ls|show|export|import`: a running daemon's knowledge base, over its API. */
export function knowledgeCommand(deps: KnowledgeCommandDeps = {}): Command {
  const io = deps.io ?? PROCESS_IO;
  const env = deps.env ?? process.env;

  /** The daemon's address from the options, or undefined after reporting a bad one. */
  function addressOf(options: AddressOptions): DaemonAddress | undefined {
    const badUrl = checkDaemonUrl(options.url);
    if (badUrl === undefined) return { url: options.url, token: options.token ?? env.ORBT_TOKEN };
    io.writeErr(badUrl);
    io.setExitCode(EXIT_USAGE);
    return undefined;
  }

  function fail(message: string, code = EXIT_FAILURE): void {
    io.writeErr(message);
    io.setExitCode(code);
  }

  function withAddress(command: Command, role: string): Command {
    return command
      .option("--url <url>", "the daemon's address", DEFAULT_DAEMON_URL)
      .option("--token <token>", `an API token with role ${role} (default: $ORBT_TOKEN)`);
  }

  function withFilter(command: Command): Command {
    return command
      .option("--platform <platform>", "exec, systemd, docker, kubernetes, unknown or any")
      .option("--scale <scale>", "small, medium, large or any");
  }

  async function list(filter: RowFilter, options: AddressOptions, verb: string) {
    const address = addressOf(options);
    if (address === undefined) return undefined;
    const reply = await requestDaemon(
      address,
      { method: "GET", path: `/knowledge${queryString(filter)}` },
      KnowledgeResponse,
      { verb, role: "viewer" },
    );
    if (!reply.ok) fail(reply.message);
    return reply.ok ? reply.value : undefined;
  }

  const ls = withFilter(withAddress(new Command("ls"), "viewer"))
    .description("list the knowledge rows: tries, successes, score, time to recover, provenance")
    .option("--pattern <pattern>", "only this pattern's rows")
    .action(async (options: RowFilter & AddressOptions) => {
      const answer = await list(options, options, "list knowledge");
      if (answer === undefined) return;
      for (const line of describeRows(answer.knowledge)) io.writeOut(line);
      io.setExitCode(0);
    });

  const show = withFilter(withAddress(new Command("show"), "viewer"))
    .description("rank a pattern's solutions for a platform and scale, with their lessons")
    .argument("<pattern>", "the pattern, e.g. uptime_problems")
    .action(async (pattern: string, options: RowFilter & AddressOptions) => {
      const filter = { pattern, platform: options.platform, scale: options.scale };
      const answer = await list(filter, options, "rank knowledge");
      if (answer === undefined) return;
      for (const line of describeRanking(filter, answer.ranking ?? [])) io.writeOut(line);
      io.setExitCode(0);
    });

  const exportCommand = withAddress(new Command("export"), "viewer")
    .description("write the knowledge base as YAML (with its version), to stdout or a file")
    .option("--output <file>", "write here instead of stdout")
    .action(async (options: AddressOptions & { output?: string }) => {
      const address = addressOf(options);
      if (address === undefined) return;
      const reply = await requestDaemon(
        address,
        { method: "GET", path: "/knowledge/export" },
        KnowledgeFile,
        {
          verb: "export knowledge",
          role: "viewer",
        },
      );
      if (!reply.ok) return fail(reply.message);
      const text = stringify(reply.value);
      if (options.output === undefined) io.writeOut(text.trimEnd());
      else {
        await writeFile(options.output, text);
        io.writeOut(`exported ${reply.value.entries.length} rows to ${options.output}`);
      }
      io.setExitCode(0);
    });

  const importCommand = withAddress(new Command("import"), "admin")
    .description("merge an exported YAML file into the daemon's knowledge: counts add up, provenance is kept")
    .argument("<file>", "a file written by `orbtd knowledge export`")
    .action(async (file: string, options: AddressOptions) => {
      const address = addressOf(options);
      if (address === undefined) return;
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (err) {
        return fail(`${file}: cannot read: ${(err as Error).message}`, EXIT_USAGE);
      }
      const parsed = parseYamlText(KnowledgeFile, text, file);
      if (!parsed.ok) {
        for (const problem of parsed.error) io.writeErr(formatConfigProblem(problem));
        io.setExitCode(EXIT_USAGE);
        return;
      }
      const reply = await requestDaemon(
        address,
        { method: "POST", path: "/knowledge/import", body: parsed.value },
        KnowledgeImportResponse,
        { verb: "import knowledge", role: "admin" },
      );
      if (!reply.ok) return fail(reply.message);
      io.writeOut(`imported ${reply.value.imported} rows from ${file}`);
      io.setExitCode(0);
    });

  return new Command("knowledge")
    .description("a running daemon's knowledge base: ls, show, export, import")
    .addCommand(ls)
    .addCommand(show)
    .addCommand(exportCommand)
    .addCommand(importCommand);
}
