import { type ChildProcess, spawn } from "node:child_process";
import type { RunRemedy } from "@orbt/core";
import * as z from "zod";
import { expecting } from "../config/field-schemas.js";
import { type CappedOutput, createCappedOutput, DEFAULT_OUTPUT_CAP_BYTES } from "./capped-output.js";
import type { ActionKey, Executor, RelabeledOutcome } from "./executor.js";

const DEFAULT_KILL_GRACE_MS = 2_000;
// A background child that inherited stdout can hold the pipe open long after the remedy exited;
// waiting for it would stretch the remedy's duration to the child's lifetime.
const PIPE_DRAIN_AFTER_EXIT_MS = 200;

export type ExecOptions = {
  readonly argv: readonly string[];
  readonly timeoutMs: number;
  readonly outputCapBytes?: number;
  /** Time between SIGTERM and SIGKILL once the timeout fires or the run is aborted. */
  readonly killGraceMs?: number;
  /** Replaces the daemon's environment (it is not merged), so daemon secrets don't leak into remedies. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  readonly onStarted?: (pid: number) => void;
};

export type ExecErrorCode = "empty_argv" | "not_found" | "permission_denied" | "spawn_failed" | "aborted";
export type ExecError = { readonly code: ExecErrorCode; readonly message: string };

export type ExecOutcome = {
  readonly kind: "exec";
  readonly ok: boolean;
  /** null: killed at the timeout or abort, or never started. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** stdout and stderr interleaved in arrival order, cut at `outputCapBytes`. */
  readonly output: string;
  readonly isOutputTruncated: boolean;
  readonly error?: ExecError;
};

type ExecEnding = Pick<ExecOutcome, "exitCode" | "signal" | "timedOut" | "error">;

export type ExecRun = Omit<ExecOptions, "signal" | "onStarted">;

/** An action that runs one command; its kind names the tool, such as `systemd` for systemctl. */
export type CommandAction<K extends string> = { readonly kind: K; readonly argv: readonly string[] };

export type CommandOutcome<K extends string> = RelabeledOutcome<ExecOutcome, K>;

/** The daemon's PATH, the one variable every command it runs is given. */
export function daemonPath(): string {
  return process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin";
}

/**
 * What a remedy sees of the daemon: a minimal PATH, the incident it acts on (and, for a rollback, the
 * version to go back to), and those of the daemon's variables named in `passedEnv` that its tool needs,
 * such as KUBECONFIG; never other daemon secrets.
 */
export function remedyEnvironment(
  effect: RunRemedy,
  passedEnv: readonly string[] = [],
): Record<string, string> {
  const passed = passedEnv.flatMap((name) => {
    const value = process.env[name];
    return value === undefined ? [] : [[name, value] as const];
  });
  return {
    ...Object.fromEntries(passed),
    PATH: daemonPath(),
    ORBT_SERVICE: effect.service,
    ORBT_INCIDENT_ID: effect.incidentId,
    ORBT_DPR_ID: effect.dprId,
    ORBT_SOLUTION: effect.solution,
    ORBT_STRIKE: String(effect.strike),
    ...(effect.rollbackVersion === undefined ? {} : { ORBT_ROLLBACK_VERSION: effect.rollbackVersion }),
  };
}

/** Runs argv without a shell and reports the outcome under `kind`. */
export async function runCommand<K extends string>(
  kind: K,
  run: ExecRun,
  signal?: AbortSignal,
): Promise<CommandOutcome<K>> {
  return { ...(await runExec({ ...run, signal })), kind };
}

/**
 * The executor of actions that run one command within the remedy's timeout: `exec`, and the presets
 * that run a platform's tool. `passedEnv` names the daemon variables the tool is given.
 */
export function commandExecutor<K extends string>(
  kind: K,
  passedEnv: readonly string[] = [],
): Executor<CommandAction<K>, ExecRun, CommandOutcome<K>> {
  return {
    record: (action) => ({ argv: [...action.argv], target: null }),
    plan: (action, effect, remedy) => ({
      argv: action.argv,
      timeoutMs: remedy.timeoutMs,
      env: remedyEnvironment(effect, passedEnv),
    }),
    run: (run, signal) => runCommand(kind, run, signal),
    summarize: (outcome) => ({ exitCode: outcome.exitCode }),
  };
}

export const execExecutor = commandExecutor("exec");

const ARGV_EXPECTED = expecting("a non-empty list of strings (argv)");

/** `exec: [argv]`: a command of the remedy's own, run without a shell. */
export const execKey: ActionKey<CommandAction<"exec">, string[]> = {
  settings: z
    .array(z.string(expecting("a non-empty string")).min(1, expecting("a non-empty string")), ARGV_EXPECTED)
    .min(1, ARGV_EXPECTED)
    .describe("Argv to run, without a shell; exit code 0 is success."),
  toAction: (argv) => ({ kind: "exec", argv }),
};

/**
 * Runs argv without a shell, in its own process group so a timeout or abort kills the remedy's
 * children too. Resolves with an outcome; never rejects.
 */
export function runExec(options: ExecOptions): Promise<ExecOutcome> {
  const startedAtMs = performance.now();
  const output = createCappedOutput(options.outputCapBytes ?? DEFAULT_OUTPUT_CAP_BYTES);
  const conclude = (fields: ExecEnding): ExecOutcome => ({
    kind: "exec",
    ok: fields.exitCode === 0 && !fields.timedOut && fields.error === undefined,
    ...fields,
    durationMs: Math.round(performance.now() - startedAtMs),
    output: output.text(),
    isOutputTruncated: output.isTruncated,
  });
  const notStarted = (error: ExecError) =>
    Promise.resolve(conclude({ exitCode: null, signal: null, timedOut: false, error }));

  const [file, ...args] = options.argv;
  if (file === undefined) return notStarted({ code: "empty_argv", message: "argv is empty" });
  if (options.signal?.aborted) return notStarted({ code: "aborted", message: "aborted before start" });

  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      shell: false,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      cwd: options.cwd,
      env: options.env,
    });
  } catch (err) {
    // spawn throws synchronously for malformed input such as a NUL byte in an argument.
    return notStarted({ code: "spawn_failed", message: String(err) });
  }
  return superviseChild(child, file, options, output, conclude);
}

function superviseChild(
  child: ChildProcess,
  file: string,
  options: ExecOptions,
  output: CappedOutput,
  conclude: (fields: ExecEnding) => ExecOutcome,
): Promise<ExecOutcome> {
  return new Promise((resolve) => {
    let hasStarted = false;
    let isStopping = false;
    let timedOut = false;
    let error: ExecError | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let isSettled = false;
    const timers: NodeJS.Timeout[] = [];

    const signalGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: every process in the group has already exited.
      }
    };
    const stop = () => {
      if (isStopping) return;
      isStopping = true;
      signalGroup("SIGTERM");
      timers.push(setTimeout(() => signalGroup("SIGKILL"), options.killGraceMs ?? DEFAULT_KILL_GRACE_MS));
    };
    // Once the remedy has exited, only its leftover pipe holders remain: its own result stands.
    const hasExited = () => exit !== undefined;
    const onAbort = () => {
      if (hasExited()) return settle();
      error ??= { code: "aborted", message: "aborted while running" };
      stop();
    };
    const settle = () => {
      if (isSettled) return;
      isSettled = true;
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      // Group members that ignored SIGTERM must not outlive a remedy we gave up on.
      if (isStopping) signalGroup("SIGKILL");
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(
        conclude({
          exitCode: isStopping ? null : (exit?.code ?? null),
          signal: exit?.signal ?? null,
          timedOut,
          error,
        }),
      );
    };

    child.stdout?.on("data", (chunk: Buffer) => output.append(chunk));
    child.stderr?.on("data", (chunk: Buffer) => output.append(chunk));
    child.on("spawn", () => {
      hasStarted = true;
      if (child.pid !== undefined) options.onStarted?.(child.pid);
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      if (hasStarted) return;
      error = describeSpawnError(err, file, options.cwd);
      settle();
    });
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      if (!isSettled) timers.push(setTimeout(settle, PIPE_DRAIN_AFTER_EXIT_MS));
    });
    child.on("close", settle);

    timers.push(
      setTimeout(() => {
        if (hasExited()) return settle();
        timedOut = true;
        stop();
      }, options.timeoutMs),
    );
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function describeSpawnError(err: NodeJS.ErrnoException, file: string, cwd: string | undefined): ExecError {
  // Node reports a missing cwd as ENOENT of the binary, so name both suspects.
  const where = cwd === undefined ? "" : ` (or cwd ${cwd} does not exist)`;
  switch (err.code) {
    case "ENOENT":
      return { code: "not_found", message: `${file}: command not found${where}` };
    case "EACCES":
      return { code: "permission_denied", message: `${file}: permission denied` };
    default:
      return { code: "spawn_failed", message: `${file}: ${err.message}` };
  }
}
