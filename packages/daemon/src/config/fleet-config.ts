import { hostname } from "node:os";
import { HostName } from "@orbt/core";
import * as z from "zod";
import { durationMs, expecting, httpUrl, parsedText } from "./field-schemas.js";

const DEFAULT_SUBJECT = "orbt.fleet";

const natsUrl = parsedText("a nats:// URL like nats://127.0.0.1:4222", (text) =>
  URL.canParse(text) && new URL(text).protocol === "nats:" ? text : undefined,
);

/** A JetStream subject prefix: each host publishes under `<subject>.<host>`. */
const subject = z
  .string(expecting("a NATS subject like orbt.fleet"))
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, expecting("a NATS subject like orbt.fleet"));

/** This daemon's name in a fleet: what its central daemon lists it as. */
export const Host = HostName;

/** The hostname unless `host:` is set; resolved here, not as a schema default, which the reference prints. */
export function resolveHost(host: string | undefined): string {
  return host ?? hostname();
}

/**
 * `upstream:` on a host daemon: where it reports its incidents, escalations, knowledge and service status,
 * over HTTP to the central daemon's API or through JetStream.
 */
export const Upstream = z
  .strictObject({
    url: httpUrl
      .optional()
      .describe("The central daemon's API; batches go to POST /api/v1/upstream/batches."),
    token: z
      .string(expecting("a bearer token"))
      .min(1, expecting("a bearer token"))
      .optional()
      .describe("A central daemon's token with role reporter or above; with url only; or token_file."),
    token_file: z
      .string(expecting("a file path"))
      .min(1, expecting("a file path"))
      .optional()
      .describe("A file holding the token, read at start; with url only."),
    max_backoff: durationMs
      .prefault("30s")
      .describe("The longest wait between attempts while the central daemon cannot be reached."),
    nats: natsUrl.optional().describe("Publish to JetStream at this NATS URL instead."),
    subject: subject.optional().describe("With nats: messages go to `<subject>.<host>`; default orbt.fleet."),
  })
  .transform((raw, ctx) => {
    const problem = (path: string, message: string) => {
      ctx.issues.push({ code: "custom", input: raw, path: [path], message });
      return z.NEVER;
    };
    if ((raw.url === undefined) === (raw.nats === undefined)) {
      ctx.issues.push({ code: "custom", input: raw, message: "expected exactly one of url, nats" });
      return z.NEVER;
    }
    const maxBackoffMs = raw.max_backoff;
    if (raw.url !== undefined) {
      if (raw.subject !== undefined) return problem("subject", "expected only with nats, not with url");
      if (raw.token !== undefined && raw.token_file !== undefined) {
        return problem("token_file", "expected at most one of token, token_file");
      }
      return {
        transport: "http" as const,
        url: raw.url,
        token: raw.token ?? null,
        tokenFile: raw.token_file ?? null,
        maxBackoffMs,
      };
    }
    if (raw.token !== undefined) return problem("token", "expected only with url, not with nats");
    if (raw.token_file !== undefined) return problem("token_file", "expected only with url, not with nats");
    return {
      transport: "nats" as const,
      servers: raw.nats ?? "",
      subject: raw.subject ?? DEFAULT_SUBJECT,
      maxBackoffMs,
    };
  });

/** `fleet:` on a central daemon: the JetStream stream its hosts publish to, read by a durable consumer. */
export const Fleet = z
  .strictObject({
    nats: natsUrl.describe("The NATS URL the central daemon reads the hosts' stream from."),
    subject: subject
      .default(DEFAULT_SUBJECT)
      .describe("The hosts' subject prefix; the stream takes `<subject>.>`."),
    stream: z
      .string(expecting("a stream name"))
      .regex(/^[A-Za-z0-9_-]{1,64}$/, expecting("1-64 characters of A-Z a-z 0-9 _ -"))
      .default("ORBT_FLEET")
      .describe("The JetStream stream, created (file storage, 2 min duplicate window) when missing."),
    durable: z
      .string(expecting("a consumer name"))
      .regex(/^[A-Za-z0-9_-]{1,64}$/, expecting("1-64 characters of A-Z a-z 0-9 _ -"))
      .default("orbt-central")
      .describe("The durable consumer: it remembers what was acknowledged across restarts."),
  })
  .transform((raw) => ({
    servers: raw.nats,
    subject: raw.subject,
    stream: raw.stream,
    durable: raw.durable,
  }));

export type UpstreamConfig = z.output<typeof Upstream>;
export type FleetConfig = z.output<typeof Fleet>;
