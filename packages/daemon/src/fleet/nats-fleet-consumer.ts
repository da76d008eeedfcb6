import { AckPolicy, type JsMsg, jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type HostBatch, HostEnvelope, type HostMessage } from "@orbt/core";
import type { FleetConfig } from "../config/fleet-config.js";
import type { Logger } from "../create-logger.js";
import type { FleetInbox } from "./fleet-inbox.js";
import { describeNatsError } from "./nats-upstream.js";

export type NatsFleetConsumerOptions = {
  readonly config: FleetConfig;
  readonly inbox: FleetInbox;
  readonly log: Logger;
};

/** Messages applied per transaction when the consumer is behind. */
const MAX_APPLY_BATCH = 1_000;
// A message past a gap waits this long to come again, once the one before it has been applied.
const GAP_REDELIVERY_MS = 500;
const SETUP_RETRY_MS = 2_000;
const NANOS_PER_MS = 1_000_000;

/**
 * `fleet: { nats }` on a central daemon: a durable pull consumer on the hosts' stream (created if
 * missing), acking each message once applied or known as a duplicate. Delivery is at least once; the
 * inbox's apply by (host, seq) makes it once.
 */
export class NatsFleetConsumer {
  #connection: NatsConnection | undefined;
  #isStopped = false;
  #buffered: JsMsg[] = [];
  #notify: (() => void) | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(private readonly options: NatsFleetConsumerOptions) {}

  /** Returns at once; the consumer connects, and reconnects, in the background. */
  start(): void {
    this.#running = this.#run();
  }

  async stop(): Promise<void> {
    this.#isStopped = true;
    this.#notify?.();
    await this.#connection?.close();
    await this.#running;
  }

  async #run(): Promise<void> {
    const { config, log } = this.options;
    while (!this.#isStopped) {
      try {
        await this.#consume();
      } catch (err) {
        if (this.#isStopped) return;
        log.warn(
          { err: describeNatsError(err), servers: config.servers },
          "fleet stream unreachable; retrying",
        );
        await this.#connection?.close().catch(() => undefined);
        this.#connection = undefined;
        await new Promise((resolve) => setTimeout(resolve, SETUP_RETRY_MS));
      }
    }
  }

  async #consume(): Promise<void> {
    const { config, log } = this.options;
    const connection = await connect({
      servers: config.servers,
      name: "orbtd fleet",
      maxReconnectAttempts: -1,
    });
    this.#connection = connection;
    const manager = await jetstreamManager(connection);
    const subjects = [`${config.subject}.>`];
    await manager.streams.info(config.stream).catch(() =>
      manager.streams.add({
        name: config.stream,
        subjects,
        storage: StorageType.File,
        duplicate_window: 120_000 * NANOS_PER_MS,
      }),
    );
    await manager.consumers.add(config.stream, {
      durable_name: config.durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: subjects[0],
      ack_wait: 30_000 * NANOS_PER_MS,
      max_ack_pending: MAX_APPLY_BATCH * 2,
    });
    const consumer = await jetstream(connection).consumers.get(config.stream, config.durable);
    const messages = await consumer.consume({
      max_messages: MAX_APPLY_BATCH,
      callback: (message) => {
        this.#buffered.push(message);
        this.#notify?.();
      },
    });
    log.info({ stream: config.stream, durable: config.durable }, "fleet stream consumer started");
    let isClosed = false;
    void connection.closed().then(() => {
      isClosed = true;
      this.#notify?.();
    });
    while (!this.#isStopped && !isClosed) {
      if (this.#buffered.length === 0) {
        await new Promise<void>((resolve) => {
          this.#notify = resolve;
        });
        this.#notify = undefined;
        continue;
      }
      await this.#applyTaken(this.#buffered.splice(0, MAX_APPLY_BATCH));
    }
    messages.stop();
    if (!this.#isStopped) throw new Error("NATS connection closed");
  }

  async #applyTaken(taken: readonly JsMsg[]): Promise<void> {
    const { inbox, log } = this.options;
    const byHost = new Map<string, { messages: HostMessage[]; acks: { seq: number; msg: JsMsg }[] }>();
    for (const msg of taken) {
      const parsed = HostEnvelope.safeParse(safeJson(msg.string()));
      if (!parsed.success) {
        log.error(
          { subject: msg.subject, err: parsed.error.message },
          "fleet message dropped: not a host message",
        );
        msg.term("not a host message");
        continue;
      }
      const { host, ...message } = parsed.data;
      const entry = byHost.get(host) ?? { messages: [], acks: [] };
      // Kept in seq order: a resend may arrive after a later message.
      entry.messages.push(message);
      entry.acks.push({ seq: message.seq, msg });
      byHost.set(host, entry);
    }
    const batches: HostBatch[] = [...byHost].map(([host, entry]) => ({
      host,
      messages: entry.messages.sort((a, b) => a.seq - b.seq),
    }));
    if (batches.length === 0) return;
    const outcomes = await inbox.applyAll(batches);
    for (const outcome of outcomes) {
      for (const { seq, msg } of byHost.get(outcome.host)?.acks ?? []) {
        if (seq <= outcome.appliedThrough) msg.ack();
        else msg.nak(GAP_REDELIVERY_MS);
      }
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
