import { type Drill, DrillResponse, formatDurationMs } from "@orbt/core";
import { Command } from "commander";
import { type CommandIo, PROCESS_IO } from "./command-io.js";
import { checkDaemonUrl, DEFAULT_DAEMON_URL, requestDaemon } from "./daemon-request.js";

const EXIT_NOT_REPAIRED = 1;
const EXIT_USAGE = 2;
const POLL_MS = 500;

type DrillOptions = { url: string; token?: string; fault?: string; json?: boolean };

export type DrillCommandDeps = {
  readonly io?: CommandIo;
  /** Where `ORBT_TOKEN` is read from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Waits between polls of a running drill; default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
};

function durationOf(ms: number | null): string {
  return ms === null ? "—" : formatDurationMs(Math.round(ms));
}

/** How the drill ended, one fact a line. */
export function formatDrill(drill: Drill): string[] {
  const lines = [`drill ${drill.id} of ${drill.service} (fault ${drill.fault}): ${drill.outcome}`];
  if (drill.detectMs !== null)
    lines.push(`  detected in ${durationOf(drill.detectMs)} (incident ${drill.incidentId})`);
  if (drill.repairMs !== null)
    lines.push(`  repaired in ${durationOf(drill.repairMs)} (${drill.resolution})`);
  if (drill.heldBy !== null) lines.push(`  held by the ${drill.heldBy} rail`);
  if (drill.note !== "") lines.push(`  ${drill.note}`);
  return lines;
}

/**
 * `orbtd drill SERVICE [--fault NAME]`: runs a drill on a running daemon (role operator), waits for it to
 * end, and prints its time to detect and to repair; exits 1 unless the fault was detected and repaired.
 */
export function drillCommand(deps: DrillCommandDeps = {}): Command {
  const io = deps.io ?? PROCESS_IO;
  const env = deps.env ?? process.env;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return new Command("drill")
    .description(
      "inject a configured fault into a service on a running daemon and time its detection and repair",
    )
    .argument("<service>", "the service to drill")
    .option("--fault <name>", "which of the service's faults (default: its only one)")
    .option("--url <url>", "the daemon's address", DEFAULT_DAEMON_URL)
    .option("--token <token>", "an API token with role operator (default: $ORBT_TOKEN)")
    .option("--json", "print the finished drill as JSON")
    .action(async (service: string, options: DrillOptions) => {
      const usage = checkDaemonUrl(options.url);
      if (usage !== undefined) {
        io.writeErr(usage);
        io.setExitCode(EXIT_USAGE);
        return;
      }
      const address = { url: options.url, token: options.token ?? env.ORBT_TOKEN };
      const body = { service, ...(options.fault === undefined ? {} : { fault: options.fault }) };
      let reply = await requestDaemon(address, { method: "POST", path: "/drills", body }, DrillResponse, {
        verb: "run the drill",
        role: "operator",
      });
      while (reply.ok && reply.value.drill.outcome === "running") {
        await sleep(POLL_MS);
        const path = `/drills/${encodeURIComponent(reply.value.drill.id)}`;
        reply = await requestDaemon(address, { method: "GET", path }, DrillResponse, {
          verb: "show the drill",
          role: "viewer",
        });
      }
      if (!reply.ok) {
        io.writeErr(reply.message);
        io.setExitCode(EXIT_NOT_REPAIRED);
        return;
      }
      const { drill } = reply.value;
      if (options.json === true) io.writeOut(JSON.stringify(drill, null, 2));
      else for (const line of formatDrill(drill)) io.writeOut(line);
      io.setExitCode(drill.outcome === "repaired" ? 0 : EXIT_NOT_REPAIRED);
    });
}
