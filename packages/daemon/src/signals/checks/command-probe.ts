import { daemonPath, execKey, runExec } from "../../act/exec-executor.js";
import type { CheckKind } from "./check-kind.js";
import type { ProbeResult } from "./probe-result.js";

export type CommandTarget = { readonly kind: "command"; readonly argv: readonly string[] };

/** A plugin's answer is a line or a few; more is cut off, so a chatty one cannot grow the daemon. */
const PLUGIN_OUTPUT_CAP_BYTES = 8 * 1024;

/** The Nagios plugin states by exit code; any other code is UNKNOWN, as Nagios reads it. */
const PLUGIN_STATES = ["OK", "WARNING", "CRITICAL", "UNKNOWN"] as const;

/**
 * `command: [argv]`: a Nagios-style plugin, run without a shell. Exit 0 (OK) is healthy; 1 (WARNING),
 * 2 (CRITICAL), 3 (UNKNOWN) and anything else fail the probe, with the first line of the plugin's output
 * (perfdata after `|` left out) as the detail. The run time is the plugin's, not the service's: no latency.
 */
export const commandCheck: CheckKind<CommandTarget> = {
  settings: execKey.settings
    .transform((argv) => ({ kind: "command" as const, argv }))
    .describe("A Nagios plugin's argv, run without a shell: 0 ok, 1 warning, 2 critical, 3 unknown."),
  probe: probeCommand,
  slow: null,
};

/** The plugin's status line: its first line, without the perfdata after `|`. */
export function pluginStatusLine(output: string): string {
  const firstLine = output.split("\n", 1)[0] ?? "";
  return (firstLine.split("|", 1)[0] ?? "").trim();
}

/** Runs the plugin once, with only PATH in its environment. Never rejects. */
export async function probeCommand(
  target: CommandTarget & { readonly timeoutMs: number },
): Promise<ProbeResult> {
  const outcome = await runExec({
    argv: target.argv,
    timeoutMs: target.timeoutMs,
    outputCapBytes: PLUGIN_OUTPUT_CAP_BYTES,
    env: { PATH: daemonPath() },
  });
  const latencyMs = outcome.durationMs;
  const failed = (detail: string): ProbeResult => ({
    ok: false,
    latencyMs,
    symptom: "health_check_failures",
    detail,
  });
  if (outcome.error !== undefined) return failed(outcome.error.message);
  if (outcome.timedOut) return failed(`${target.argv[0]}: no result within ${target.timeoutMs}ms`);
  if (outcome.exitCode === 0) return { ok: true, latencyMs };
  const state = PLUGIN_STATES[outcome.exitCode ?? -1] ?? "UNKNOWN";
  const how = outcome.exitCode === null ? `killed by ${outcome.signal}` : `exit ${outcome.exitCode}`;
  const line = pluginStatusLine(outcome.output);
  return failed(`${state} (${how})${line === "" ? "" : `: ${line}`}`);
}
