import type { HostBatch, HostBatchResponse, HostFrame, HostMessage } from "@orbt/core";
import type { Logger } from "../create-logger.js";
import type { Store } from "../store/store.js";

export type FleetInboxOptions = {
  readonly store: Store;
  /** This daemon's own name in the fleet: a host may not report under it. */
  readonly localHost: string;
  readonly log: Logger;
  readonly clock?: () => number;
};

/**
 * Where a central daemon applies what its hosts report, over HTTP or JetStream alike: each host's
 * messages once each, in seq order, whatever is resent. Applies are serialised, so two deliveries of one
 * message never both read the host's last seq before either wrote it.
 */
export class FleetInbox {
  #queue: Promise<unknown> = Promise.resolve();
  readonly #listeners = new Set<(frame: HostFrame) => void>();
  readonly #clock: () => number;

  constructor(private readonly options: FleetInboxOptions) {
    this.#clock = options.clock ?? Date.now;
  }

  get localHost(): string {
    return this.options.localHost;
  }

  /**
   * Applies the messages after the host's last applied seq, in order; those at or before it are
   * duplicates; one past a gap stops the host's messages, to be sent again once the gap is filled.
   */
  async apply(host: string, messages: readonly HostMessage[]): Promise<HostBatchResponse> {
    const [response] = await this.applyAll([{ host, messages: [...messages] }]);
    if (response === undefined) throw new Error("no response for the batch");
    return response;
  }

  /** Several hosts' messages in one transaction: what a JetStream consumer fetched at once. */
  applyAll(batches: readonly HostBatch[]): Promise<HostBatchResponse[]> {
    const next = this.#queue.then(() => this.#applyAll(batches));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  subscribe(listener: (frame: HostFrame) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #applyAll(batches: readonly HostBatch[]): Promise<HostBatchResponse[]> {
    const now = this.#clock();
    const outcomes = await this.options.store.transaction(async (tx) => {
      const lastSeqs = await tx.fleetLastSeqs(batches.map((batch) => batch.host));
      const done: { host: string; applied: HostMessage[]; appliedThrough: number; duplicates: number }[] = [];
      for (const { host, messages } of batches) {
        let lastSeq = lastSeqs.get(host) ?? 0;
        const applied: HostMessage[] = [];
        let duplicates = 0;
        for (const message of messages) {
          if (message.seq <= lastSeq) {
            duplicates += 1;
            continue;
          }
          if (message.seq !== lastSeq + 1) break;
          lastSeq = message.seq;
          applied.push(message);
        }
        done.push({ host, applied, appliedThrough: lastSeq, duplicates });
      }
      await tx.applyHostBatches(
        done.map(({ host, applied }) => ({ host, messages: applied })),
        now,
      );
      return done;
    });
    for (const { host, applied } of outcomes) {
      for (const message of applied) {
        for (const listener of this.#listeners) listener({ type: "host", host, ...message });
      }
    }
    return outcomes.map(({ host, applied, appliedThrough, duplicates }) => ({
      host,
      appliedThrough,
      applied: applied.length,
      duplicates,
    }));
  }
}
