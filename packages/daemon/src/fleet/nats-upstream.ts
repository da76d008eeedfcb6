import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { HostEnvelope } from "@orbt/core";
import type { SendOutcome, UpstreamTransport } from "./upstream-transport.js";

const PUBLISH_TIMEOUT_MS = 5_000;

/** What NATS failed with, for the log. */
export function describeNatsError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * `upstream: { nats, subject }`: each message published to `<subject>.<host>` on JetStream, its id
 * `<host>:<seq>` so the stream drops a resend inside its duplicate window; the central daemon's consumer
 * applies the rest idempotently by (host, seq).
 */
export function natsUpstream(servers: string, subject: string): UpstreamTransport {
  let connection: Promise<NatsConnection> | undefined;
  const connected = (): Promise<NatsConnection> => {
    connection ??= connect({ servers, name: "orbtd upstream", maxReconnectAttempts: -1 }).catch((err) => {
      connection = undefined;
      throw err;
    });
    return connection;
  };
  return {
    async send(host, messages): Promise<SendOutcome> {
      const first = messages[0];
      if (first === undefined) return { ok: true, appliedThrough: 0 };
      try {
        const js = jetstream(await connected());
        // Published together: one connection keeps their order, and each ack says the stream holds it.
        const acks = await Promise.allSettled(
          messages.map((message) => {
            const envelope: HostEnvelope = { host, ...message };
            return js.publish(`${subject}.${host}`, JSON.stringify(envelope), {
              msgID: `${host}:${message.seq}`,
              timeout: PUBLISH_TIMEOUT_MS,
            });
          }),
        );
        const stored = acks.findIndex((ack) => ack.status === "rejected");
        const failed = stored === -1 ? undefined : acks[stored];
        if (stored === 0 && failed?.status === "rejected") {
          return { ok: false, error: describeNatsError(failed.reason) };
        }
        const through = stored === -1 ? messages.length : stored;
        return { ok: true, appliedThrough: messages[through - 1]?.seq ?? first.seq - 1 };
      } catch (err) {
        return { ok: false, error: describeNatsError(err) };
      }
    },
    async close() {
      const open = await connection?.catch(() => undefined);
      await open?.close();
    },
  };
}
