import { parseDurationMs, ReportResponse, renderDomainReportMarkdown } from "@orbt/core";
import { Command } from "commander";
import { type CommandIo, PROCESS_IO } from "./command-io.js";
import { checkDaemonUrl, DEFAULT_DAEMON_URL, requestDaemon } from "./daemon-request.js";

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

type ReportOptions = { url: string; token?: string; window: string; json?: boolean };

export type ReportCommandDeps = {
  readonly io?: CommandIo;
  /** Where `ORBT_TOKEN` is read from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
};

/** `orbtd report`: a platform domain report built now by a running daemon (role operator), kept in its history. */
export function reportCommand(deps: ReportCommandDeps = {}): Command {
  const io = deps.io ?? PROCESS_IO;
  const env = deps.env ?? process.env;
  return new Command("report")
    .description("build a platform domain report now on a running daemon and print it (Markdown, or --json)")
    .option("--url <url>", "the daemon's address", DEFAULT_DAEMON_URL)
    .option("--token <token>", "an API token with role operator (default: $ORBT_TOKEN)")
    .option("--window <duration>", "how far back the report looks", "24h")
    .option("--json", "print the report as JSON")
    .action(async (options: ReportOptions) => {
      const usage =
        checkDaemonUrl(options.url) ??
        ((parseDurationMs(options.window) ?? 0) > 0
          ? undefined
          : `--window: expected a duration above 0 like 24h, got ${JSON.stringify(options.window)}`);
      if (usage !== undefined) {
        io.writeErr(usage);
        io.setExitCode(EXIT_USAGE);
        return;
      }
      const reply = await requestDaemon(
        { url: options.url, token: options.token ?? env.ORBT_TOKEN },
        { method: "POST", path: "/reports", body: { window: options.window } },
        ReportResponse,
        { verb: "build a report", role: "operator" },
      );
      if (!reply.ok) {
        io.writeErr(reply.message);
        io.setExitCode(EXIT_FAILURE);
        return;
      }
      const { report } = reply.value;
      io.writeOut(
        options.json === true
          ? JSON.stringify(report, null, 2)
          : renderDomainReportMarkdown(report).trimEnd(),
      );
      io.setExitCode(0);
    });
}
