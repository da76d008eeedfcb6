import { type EngineState, type HostRecord, serviceStatus, type UpstreamStatus } from "@orbt/core";
import type { Gauge } from "prom-client";
import type { Logger } from "../create-logger.js";
import type { Store, StoreQueries } from "../store/store.js";
import type { UpstreamTransport } from "./upstream-transport.js";

export type UpstreamSenderOptions = {
  readonly store: Store;
  readonly host: string;
  readonly transport: UpstreamTransport;
  /** Which transport, for the status. */
  readonly transportKind: UpstreamStatus["transport"];
  /** Set to the outbox's depth after each attempt. */
  readonly outboxDepth: Gauge;
  readonly log: Logger;
  readonly clock?: () => number;
  /** Messages read from the outbox per attempt. */
  readonly batchSize?: number;
  /** The longest wait between attempts (`upstream.max_backoff`). */
  readonly maxBackoffMs: number;
};

const DEFAULT_BATCH_SIZE = 100;
const INITIAL_BACKOFF_MS = 500;

/**
 * A host daemon's side of reporting upstream: the runtime queues each step's forwarded records in the
 * outbox in the step's transaction; this sends them in seq order, dropping them once the other end holds
 * them, and while it cannot be reached retries with a growing, jittered delay.
 */
export class UpstreamSender {
  #isDraining = false;
  #isDrainWanted = false;
  #isStopped = false;
  #failures = 0;
  #lastError: string | null = null;
  #retryTimer: NodeJS.Timeout | undefined;
  #drained: Promise<void> = Promise.resolve();
  readonly #clock: () => number;

  constructor(private readonly options: UpstreamSenderOptions) {
    this.#clock = options.clock ?? Date.now;
  }

  /** Queues a message of the step's records in `tx`, the step's own transaction. */
  async enqueue(tx: StoreQueries, records: readonly HostRecord[], now: number): Promise<void> {
    if (records.length > 0) await tx.appendOutbox({ at: now, records });
  }

  /**
   * Queues where this host stands (every service's status and every live incident) as one message, so a
   * central daemon that first hears of it, or heard nothing while it was down, starts from the whole.
   */
  async enqueueStanding(state: EngineState): Promise<void> {
    const now = this.#clock();
    const services: HostRecord[] = Object.values(state.services).map((service) => ({
      kind: "service",
      service: {
        name: service.name,
        platform: service.platform,
        isDiscovered: service.isDiscovered,
        status: serviceStatus(state, service.name),
        updatedAt: now,
      },
    }));
    const incidents: HostRecord[] = Object.values(state.incidents).map((incident) => ({
      kind: "incident",
      incident,
    }));
    await this.options.store.transaction((tx) => this.enqueue(tx, [...services, ...incidents], now));
  }

  async status(): Promise<UpstreamStatus> {
    const outboxDepth = await this.options.store.countOutbox();
    this.options.outboxDepth.set(outboxDepth);
    return {
      transport: this.options.transportKind,
      outboxDepth,
      failures: this.#failures,
      lastError: this.#lastError,
    };
  }

  /** Sends what the outbox holds; a no-op while waiting to retry after a failure. */
  wake(): void {
    if (this.#isStopped || this.#retryTimer !== undefined) return;
    if (this.#isDraining) {
      this.#isDrainWanted = true;
      return;
    }
    this.#drained = this.#drain();
  }

  async stop(): Promise<void> {
    this.#isStopped = true;
    clearTimeout(this.#retryTimer);
    await this.#drained;
    await this.options.transport.close();
  }

  async #drain(): Promise<void> {
    this.#isDraining = true;
    try {
      do {
        this.#isDrainWanted = false;
        while (!this.#isStopped && (await this.#sendOnce())) {
          // Each pass sends the next batch; it stops when the outbox is empty or an attempt failed.
        }
      } while (this.#isDrainWanted && this.#retryTimer === undefined && !this.#isStopped);
      await this.status();
    } catch (err) {
      this.options.log.error({ err }, "upstream send failed");
      this.#fail(err instanceof Error ? err.message : String(err));
    } finally {
      this.#isDraining = false;
    }
  }

  /** True when a batch went and more may be waiting. */
  async #sendOnce(): Promise<boolean> {
    const { store, transport, host, log } = this.options;
    const messages = await store.listOutbox(this.options.batchSize ?? DEFAULT_BATCH_SIZE);
    const first = messages[0];
    const last = messages.at(-1);
    if (first === undefined || last === undefined) return false;
    const outcome = await transport.send(host, messages);
    if (!outcome.ok) {
      log.warn({ failures: this.#failures + 1, err: outcome.error }, "upstream unreachable; retrying");
      this.#fail(outcome.error);
      return false;
    }
    if (outcome.appliedThrough < first.seq) {
      log.error(
        { appliedThrough: outcome.appliedThrough, nextSeq: first.seq },
        "upstream holds none of this batch; retrying",
      );
      this.#fail(`upstream holds none of the batch from seq ${first.seq}`);
      return false;
    }
    if (this.#failures > 0) log.info({ failures: this.#failures }, "upstream reachable again");
    this.#failures = 0;
    this.#lastError = null;
    await store.ackOutbox(Math.min(outcome.appliedThrough, last.seq), this.#clock());
    return true;
  }

  #fail(error: string): void {
    this.#lastError = error;
    if (this.#isStopped) return;
    const { maxBackoffMs } = this.options;
    const delayMs = Math.min(maxBackoffMs, INITIAL_BACKOFF_MS * 2 ** this.#failures);
    this.#failures += 1;
    // Jitter spreads a fleet's retries after its central daemon comes back.
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        this.wake();
      },
      delayMs / 2 + Math.random() * (delayMs / 2),
    );
  }
}
