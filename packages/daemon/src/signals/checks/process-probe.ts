import { readFile } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { formatDurationMs } from "@orbt/core";
import * as z from "zod";
import { durationMs, expecting, positiveInteger, regex } from "../../config/field-schemas.js";
import { pickKind } from "../../config/kind-keys.js";
import { describeError } from "../ingest/describe-error.js";
import type { CheckKind } from "./check-kind.js";
import type { ProbeResult } from "./probe-result.js";
import { isProcessRunning, listProcesses } from "./process-table.js";
import { observePids, type RestartHistory } from "./restart-history.js";

export type ProcessTarget = {
  readonly kind: "process";
  /** Where the process is found: the pid in a pidfile, or every process whose command line matches. */
  readonly find: { readonly pidfile: string } | { readonly name: RegExp };
  /** Restarts within `restartWindowMs` that fail the check. */
  readonly restarts: number;
  readonly restartWindowMs: number;
};

const absolutePath = z
  .string(expecting("an absolute path"))
  .refine((path) => isAbsolute(path), expecting("an absolute path"));

const FINDERS = ["pidfile", "name"] as const;

/**
 * `process: {pidfile | name, restarts, restart_window}` (Linux, from /proc): the process runs, and has
 * not restarted `restarts` times within `restart_window`.
 */
export const processCheck: CheckKind<ProcessTarget> = {
  settings: z
    .strictObject(
      {
        pidfile: absolutePath.optional().describe("Absolute path of a file holding the process's pid."),
        name: regex.optional().describe("A regular expression matched against each process's command line."),
        restarts: positiveInteger.default(3).describe("Restarts within restart_window that fail the check."),
        restart_window: durationMs.prefault("10m").describe("How far back restarts count."),
      },
      expecting("a mapping with pidfile or name"),
    )
    .transform((raw, ctx) => {
      const finder = pickKind(FINDERS, raw, ctx);
      if (finder === undefined) return z.NEVER;
      return {
        kind: "process" as const,
        find: finder === "pidfile" ? { pidfile: raw.pidfile! } : { name: raw.name! },
        restarts: raw.restarts,
        restartWindowMs: raw.restart_window,
      };
    })
    .describe("The process runs (by pidfile or name) and has not restarted too often."),
  probe: probeProcess,
  slow: null,
};

/**
 * The pids each process check saw, by check: restarts are counted across its probes. A check's target is
 * the same object for the daemon's life; a restarted daemon starts counting afresh.
 */
const histories = new WeakMap<ProcessTarget, RestartHistory>();

type Found = { readonly pids: ReadonlySet<number> } | { readonly missing: string };

async function findProcesses(find: ProcessTarget["find"]): Promise<Found> {
  if ("name" in find) {
    const matching = (await listProcesses()).filter(
      (entry) => entry.pid !== process.pid && find.name.test(entry.commandLine),
    );
    if (matching.length === 0) return { missing: `no process matches /${find.name.source}/` };
    return { pids: new Set(matching.map((entry) => entry.pid)) };
  }
  let text: string;
  try {
    text = await readFile(find.pidfile, "utf8");
  } catch (err) {
    return { missing: `pidfile ${find.pidfile}: ${describeError(err)}` };
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return { missing: `pidfile ${find.pidfile} holds no pid` };
  if (!(await isProcessRunning(pid))) return { missing: `pid ${pid} from ${find.pidfile} is not running` };
  return { pids: new Set([pid]) };
}

/** Finds the process and counts its restarts. Never rejects. */
export async function probeProcess(target: ProcessTarget): Promise<ProbeResult> {
  const startedAtMs = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAtMs);
  let found: Found;
  try {
    found = await findProcesses(target.find);
  } catch (err) {
    return {
      ok: false,
      latencyMs: elapsedMs(),
      symptom: "health_check_failures",
      detail: describeError(err),
    };
  }
  const pids = "pids" in found ? found.pids : new Set<number>();
  const history = observePids(histories.get(target), pids, startedAtMs, target.restartWindowMs);
  histories.set(target, history);
  if ("missing" in found) {
    return { ok: false, latencyMs: elapsedMs(), symptom: "service_unavailable", detail: found.missing };
  }
  const restarts = history.restartsAtMs.length;
  if (restarts < target.restarts) return { ok: true, latencyMs: elapsedMs() };
  const window = formatDurationMs(target.restartWindowMs);
  return {
    ok: false,
    latencyMs: elapsedMs(),
    symptom: "health_check_failures",
    detail: `restarted ${restarts} times within ${window} (limit ${target.restarts}), now pid ${[...pids].join(", ")}`,
  };
}
