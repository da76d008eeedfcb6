import { randomBytes } from "node:crypto";
import {
  Drill,
  type EngineState,
  type EventFrame,
  type IncidentHistory,
  observeDrill,
  startDrill,
} from "@orbt/core";
import { daemonPath, type ExecOutcome, runCommand } from "../act/exec-executor.js";
import { type FaultConfig, pickFault, refuseDrills } from "../config/drill-config.js";
import type { OrbtConfig } from "../config/orbt-config.js";
import type { Logger } from "../create-logger.js";
import { NotLeaderError } from "../runtime/not-leader-error.js";
import type { Charge } from "../runtime/orbt-runtime.js";
import type { DrillRecord, Store } from "../store/store.js";

/** A fault's or restore's output kept in a drill's note: its end, where a failing command says why. */
const NOTE_OUTPUT_CHARS = 500;

/** What a drill watches: the engine's incidents, live and recently resolved, as each event lands. */
export type DrillEngine = {
  readonly state: EngineState;
  readonly history: IncidentHistory;
  /** Undefined while the engine only follows an HA pair's leader: a follower injects no fault. */
  readonly charge: Charge | undefined;
  now(): number;
  subscribe(listener: (frame: EventFrame) => void): () => void;
};

export type DrillRunnerOptions = {
  readonly config: Pick<OrbtConfig, "environment" | "services" | "drills">;
  readonly engine: DrillEngine;
  readonly store: Pick<Store, "saveDrill" | "getDrill" | "listDrills">;
  readonly log: Logger;
};

/** Why a drill was not started: `path` names the request field at fault. */
export type DrillRefusal = {
  readonly code: "refused" | "not_found" | "invalid_request" | "busy";
  readonly message: string;
  readonly path?: string;
};

export type StartedDrill = { readonly drill: Drill; readonly finished: Promise<Drill> };

type RunningDrill = {
  readonly id: string;
  readonly abort: AbortController;
  readonly finished: Promise<Drill>;
};

function toRecord(drill: Drill): DrillRecord {
  const { id, service, startedAt, outcome } = drill;
  return { id, service, startedAt, outcome, drill };
}

/** Why a command failed, in one note: its error or exit, then the end of its output. */
function describeFailure(what: string, outcome: ExecOutcome): string {
  const why =
    outcome.error?.message ??
    (outcome.timedOut ? `timed out after ${outcome.durationMs}ms` : `exited ${outcome.exitCode}`);
  const output = outcome.output.trim().slice(-NOTE_OUTPUT_CHARS);
  return `${what} failed: ${why}${output === "" ? "" : `: ${output}`}`;
}

/**
 * Runs quality-control drills: injects a configured fault into a service, then watches the real ladder
 * meet it (incident opened: detected; resolved: repaired) until the fault's deadline. Nothing is bypassed:
 * a rail that holds the ladder's action holds it during a drill too, and the drill records which.
 */
export class DrillRunner {
  readonly #running = new Map<string, RunningDrill>();
  #isStopping = false;

  constructor(private readonly options: DrillRunnerOptions) {}

  /** Drills a stopped daemon left running can no longer be watched: they are recorded as interrupted. */
  async start(): Promise<void> {
    const { store, engine, log } = this.options;
    for (const row of await store.listDrills({ outcome: "running" })) {
      const drill = this.#parse(row);
      const note = "interrupted: the daemon stopped during the drill; its restore did not run";
      await store.saveDrill(toRecord({ ...drill, outcome: "interrupted", finishedAt: engine.now(), note }));
      log.warn({ drill: drill.id, service: drill.service }, "drill interrupted by a restart");
    }
  }

  /** Starts a drill of `fault` (or the service's only fault) on `service`, unless something refuses it. */
  async run(request: {
    readonly service: string;
    readonly fault: string | null;
    readonly by: string;
  }): Promise<
    { readonly ok: true; readonly value: StartedDrill } | { readonly ok: false; readonly error: DrillRefusal }
  > {
    // A follower of an HA pair injects no fault: the API answers 503 not_leader.
    if (this.options.engine.charge === undefined) {
      throw new NotLeaderError("this orbtd follows the leader of its HA pair: run drills on the leader");
    }
    const refusal = this.#refuse(request);
    if (refusal !== undefined) return { ok: false, error: refusal };
    const service = this.options.config.services.find((each) => each.name === request.service)!;
    const picked = pickFault(service, request.fault);
    if (!picked.ok)
      return { ok: false, error: { code: "invalid_request", message: picked.message, path: "fault" } };
    const fault = service.faults[picked.name]!;
    const now = this.options.engine.now();
    const drill = startDrill({
      id: `drill-${now}-${randomBytes(3).toString("hex")}`,
      service: service.name,
      fault: picked.name,
      by: request.by,
      startedAt: now,
      deadlineAt: now + fault.timeoutMs + fault.deadlineMs,
    });
    // Taken before the first await, so a second request for the service meanwhile finds it busy.
    const abort = new AbortController();
    const saved = this.options.store.saveDrill(toRecord(drill));
    const finished = saved
      .then(() => this.#drive(drill, fault, abort.signal))
      .catch((err: unknown) => {
        // Left running in the store: the next start records it as interrupted.
        this.options.log.error({ err, drill: drill.id }, "drill failed");
        return drill;
      })
      .finally(() => this.#running.delete(drill.service));
    this.#running.set(drill.service, { id: drill.id, abort, finished });
    await saved;
    return { ok: true, value: { drill, finished } };
  }

  async get(id: string): Promise<Drill | undefined> {
    const row = await this.options.store.getDrill(id);
    return row === undefined ? undefined : this.#parse(row);
  }

  async list(filter: { readonly limit?: number; readonly since?: number }): Promise<Drill[]> {
    return (await this.options.store.listDrills(filter)).map((row) => this.#parse(row));
  }

  /** Stops watching: running drills end as interrupted, their fault commands aborted. */
  async stop(): Promise<void> {
    this.#isStopping = true;
    const running = [...this.#running.values()];
    for (const each of running) each.abort.abort();
    await Promise.all(running.map((each) => each.finished.catch(() => undefined)));
  }

  #refuse(request: { readonly service: string }): DrillRefusal | undefined {
    const { config, engine } = this.options;
    if (this.#isStopping) return { code: "busy", message: "the daemon is stopping" };
    const refused = refuseDrills(config);
    if (refused !== undefined) return { code: "refused", message: refused };
    if (!config.services.some((each) => each.name === request.service)) {
      return {
        code: "not_found",
        message: `no service named "${request.service}" is configured`,
        path: "service",
      };
    }
    const running = this.#running.get(request.service);
    if (running !== undefined) {
      return {
        code: "busy",
        message: `drill ${running.id} of ${request.service} is still running`,
        path: "service",
      };
    }
    const live = Object.values(engine.state.incidents).find(
      (incident) => incident.service === request.service,
    );
    if (live !== undefined) {
      return {
        code: "busy",
        message: `${request.service} has an open incident (${live.id}): a drill could not tell its fault apart`,
        path: "service",
      };
    }
    return undefined;
  }

  async #drive(started: Drill, fault: FaultConfig, signal: AbortSignal): Promise<Drill> {
    const { engine, store, log } = this.options;
    const env = {
      PATH: daemonPath(),
      ORBT_SERVICE: started.service,
      ORBT_DRILL_ID: started.id,
      ORBT_FAULT: started.fault,
    };
    const injectedAt = engine.now();
    const injection = await runCommand("exec", { argv: fault.argv, timeoutMs: fault.timeoutMs, env }, signal);
    let drill: Drill;
    if (!injection.ok) {
      drill = signal.aborted
        ? this.#interrupted(started)
        : {
            ...started,
            outcome: "not_injected",
            finishedAt: engine.now(),
            note: describeFailure("fault", injection),
          };
    } else {
      drill = { ...started, injectedAt, deadlineAt: injectedAt + fault.deadlineMs };
      await store.saveDrill(toRecord(drill));
      log.info({ drill: drill.id, service: drill.service, fault: drill.fault }, "drill fault injected");
      drill = await this.#watch(drill, signal);
    }
    if (fault.restoreArgv !== null && !signal.aborted) {
      const restore = await runCommand("exec", { argv: fault.restoreArgv, timeoutMs: fault.timeoutMs, env });
      if (!restore.ok)
        drill = {
          ...drill,
          note: [drill.note, describeFailure("restore", restore)].filter(Boolean).join("; "),
        };
    }
    await store.saveDrill(toRecord(drill));
    log.info(
      {
        drill: drill.id,
        service: drill.service,
        outcome: drill.outcome,
        detectMs: drill.detectMs,
        repairMs: drill.repairMs,
        heldBy: drill.heldBy,
      },
      "drill finished",
    );
    return drill;
  }

  #interrupted(drill: Drill): Drill {
    const note = "interrupted: the daemon stopped during the drill";
    return { ...drill, outcome: "interrupted", finishedAt: this.options.engine.now(), note };
  }

  /** Observes the drill after every event the engine takes, and at its deadline, until it ends. */
  #watch(injected: Drill, signal: AbortSignal): Promise<Drill> {
    const { engine } = this.options;
    return new Promise((resolve) => {
      let drill = injected;
      let timer: NodeJS.Timeout | undefined;
      const finish = (ended: Drill) => {
        unsubscribe();
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        resolve(ended);
      };
      const observe = () => {
        const incidents = [...Object.values(engine.state.incidents), ...engine.history.recentResolved];
        drill = observeDrill(drill, incidents, engine.now());
        if (drill.outcome !== "running") finish(drill);
      };
      // Timers may fire a little early by the engine's clock: look again until the deadline has passed.
      const armDeadline = () => {
        timer = setTimeout(
          () => {
            observe();
            if (drill.outcome === "running") armDeadline();
          },
          Math.max(1, drill.deadlineAt - engine.now() + 1),
        );
      };
      const onAbort = () => finish(this.#interrupted(drill));
      const unsubscribe = engine.subscribe(observe);
      signal.addEventListener("abort", onAbort, { once: true });
      armDeadline();
      observe();
    });
  }

  #parse(row: DrillRecord): Drill {
    const parsed = Drill.safeParse(row.drill);
    if (!parsed.success)
      throw new Error(`drill ${row.id}: stored drill is not a drill: ${parsed.error.message}`);
    return parsed.data;
  }
}
