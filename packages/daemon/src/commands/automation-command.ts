import { ApiError, AutomationResponse, type AutomationView, formatDurationMs } from "@orbt/core";
import { Command } from "commander";
import { type CommandIo, PROCESS_IO } from "./command-io.js";

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_DAEMON_URL = "http://127.0.0.1:7070";

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
      if (!isHttpUrl(options.url)) {
        io.writeErr(
          `--url: expected an http(s) URL like ${DEFAULT_DAEMON_URL}, got ${JSON.stringify(options.url)}`,
        );
        io.setExitCode(EXIT_USAGE);
        return;
      }
      const outcome = await switchAutomation(verb, options, token);
      if (!outcome.ok) {
        io.writeErr(outcome.message);
        io.setExitCode(EXIT_FAILURE);
        return;
      }
      for (const line of describeAutomation(outcome.automation)) io.writeOut(line);
      io.setExitCode(0);
    });
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === "http:" || protocol === "https:";
}

type SwitchOutcome =
  | { readonly ok: true; readonly automation: AutomationView }
  | { readonly ok: false; readonly message: string };

async function switchAutomation(
  verb: SwitchVerb,
  options: SwitchOptions,
  token: string | undefined,
): Promise<SwitchOutcome> {
  const url = `${options.url.replace(/\/+$/, "")}/api/v1/automation/${verb}`;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (token !== undefined && token !== "") headers.authorization = `Bearer ${token}`;
  const body = {
    ...(options.by === undefined ? {} : { by: options.by }),
    ...(options.note === undefined ? {} : { note: options.note }),
  };
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    return { ok: false, message: `cannot reach orbtd at ${options.url}: ${describeCause(err)}` };
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const apiError = ApiError.safeParse(json);
    const reason = apiError.success ? apiError.data.error.message : `HTTP ${response.status}`;
    const hint =
      response.status === 401 || response.status === 403
        ? " (pass --token or set ORBT_TOKEN to a token with role operator)"
        : "";
    return { ok: false, message: `orbtd did not ${verb}: ${reason}${hint}` };
  }
  const parsed = AutomationResponse.safeParse(json);
  if (!parsed.success) {
    return { ok: false, message: `orbtd at ${options.url} answered ${verb} with an unexpected body` };
  }
  return { ok: true, automation: parsed.data.automation };
}

function describeCause(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`;
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
