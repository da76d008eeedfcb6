import { AutomationResponse, type AutomationView, formatDurationMs } from "@orbt/core";
import { Command } from "commander";
import { type CommandIo, PROCESS_IO } from "./command-io.js";
import { checkDaemonUrl, type DaemonReply, DEFAULT_DAEMON_URL, requestDaemon } from "./daemon-request.js";

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

type SwitchVerb = "pause" | "resume";

type SwitchOptions = { url: string; token?: string; by?: string; note?: string };

export type AutomationCommandDeps = {
  readonly io?: CommandIo;
  /** Where `ORBT_TOKEN` is read from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
};

const DESCRIPTIONS: Record<SwitchVerb, string> = {
  pause: "pause automation on a running daemon: no new action starts until `orbtd resume`",
  resume: "resume automation on a running daemon: held incidents act again",
};

/** `orbtd pause` / `orbtd resume`: the kill switch of a running daemon, over its API (role operator). */
export function automationCommand(verb: SwitchVerb, deps: AutomationCommandDeps = {}): Command {
  const io = deps.io ?? PROCESS_IO;
  const env = deps.env ?? process.env;
  return new Command(verb)
    .description(DESCRIPTIONS[verb])
    .option("--url <url>", "the daemon's address", DEFAULT_DAEMON_URL)
    .option("--token <token>", "an API token with role operator (default: $ORBT_TOKEN)")
    .option("--by <name>", "who flips the switch (default: the token's name)")
    .option("--note <text>", "why; kept with the switch and shown in the status")
    .action(async (options: SwitchOptions) => {
      const token = options.token ?? env.ORBT_TOKEN;
      const badUrl = checkDaemonUrl(options.url);
      if (badUrl !== undefined) {
        io.writeErr(badUrl);
        io.setExitCode(EXIT_USAGE);
        return;
      }
      const outcome = await switchAutomation(verb, options, token);
      if (!outcome.ok) {
        io.writeErr(outcome.message);
        io.setExitCode(EXIT_FAILURE);
        return;
      }
      for (const line of describeAutomation(outcome.value)) io.writeOut(line);
      io.setExitCode(0);
    });
}

async function switchAutomation(
  verb: SwitchVerb,
  options: SwitchOptions,
  token: string | undefined,
): Promise<DaemonReply<AutomationView>> {
  const body = {
    ...(options.by === undefined ? {} : { by: options.by }),
    ...(options.note === undefined ? {} : { note: options.note }),
  };
  const reply = await requestDaemon(
    { url: options.url, token },
    { method: "POST", path: `/automation/${verb}`, body },
    AutomationResponse,
    { verb, role: "operator" },
  );
  return reply.ok ? { ok: true, value: reply.value.automation } : reply;
}

function describeAutomation(automation: AutomationView): string[] {
  const who = automation.changedBy === null ? "" : ` by ${automation.changedBy}`;
  const when = automation.changedAt === null ? "" : ` at ${new Date(automation.changedAt).toISOString()}`;
  const note = automation.note === null ? "" : ` (${automation.note})`;
  const { budget, concurrency } = automation;
  return [
    `automation ${automation.isPaused ? "paused" : "running"}${who}${when}${note}`,
    `mode ${automation.mode}; actions ${concurrency.running} running, ${concurrency.queued} queued, ${concurrency.held} held; budget ${budget.used} of ${budget.actions} used per ${formatDurationMs(budget.windowMs)}`,
  ];
}
