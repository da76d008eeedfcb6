import { z } from "zod";
import { Incident, KnowledgeEntry } from "./engine-state.js";
import { EscalationReport, UrgencyLevel } from "./escalation-report.js";
import { EscalationReason, Platform, ServiceName, ServiceStatus } from "./names.js";

/** A host daemon's name in a fleet (`host:` in its config, by default its hostname). */
export const HostName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, "expected 1-128 characters of A-Z a-z 0-9 . _ -");
export type HostName = z.infer<typeof HostName>;

export const HostService = z.object({
  name: ServiceName,
  platform: Platform,
  isDiscovered: z.boolean(),
  status: ServiceStatus,
  updatedAt: z.number(),
});
export type HostService = z.infer<typeof HostService>;

export const HostEscalation = z.object({
  id: z.string().min(1),
  incidentId: z.string().min(1),
  at: z.number(),
  reason: EscalationReason,
  urgency: UrgencyLevel,
  report: EscalationReport,
});
export type HostEscalation = z.infer<typeof HostEscalation>;

/** One row a host's step changed, as its central daemon keeps it: the host's projections, forwarded. */
export const HostRecord = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("incident"), incident: Incident }),
  z.object({ kind: z.literal("escalation"), escalation: HostEscalation }),
  z.object({ kind: z.literal("knowledge"), entry: KnowledgeEntry }),
  z.object({ kind: z.literal("service"), service: HostService }),
]);
export type HostRecord = z.infer<typeof HostRecord>;

/**
 * What one journaled step of a host changed. `seq` numbers a host's messages 1, 2, 3… with no gap: the
 * central daemon applies each once, in that order, and knows a resent one by (host, seq).
 */
export const HostMessage = z.object({
  seq: z.number().int().positive(),
  at: z.number(),
  records: z.array(HostRecord),
});
export type HostMessage = z.infer<typeof HostMessage>;

/** `POST /api/v1/upstream/batches`: a host's oldest unacknowledged messages, in seq order. */
export const HostBatch = z.object({
  host: HostName,
  messages: z.array(HostMessage).min(1).max(1000),
});
export type HostBatch = z.infer<typeof HostBatch>;

/** One message on the JetStream subject: the host travels with it. */
export const HostEnvelope = HostMessage.extend({ host: HostName });
export type HostEnvelope = z.infer<typeof HostEnvelope>;

/**
 * `appliedThrough`: the host's last seq the central daemon has applied; the host drops its outbox up to
 * there and sends on from the next.
 */
export const HostBatchResponse = z.object({
  host: HostName,
  appliedThrough: z.number().int().nonnegative(),
  applied: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});
export type HostBatchResponse = z.infer<typeof HostBatchResponse>;

export const HostView = z.object({
  host: HostName,
  /** The daemon answering, as opposed to a host reporting to it. */
  isLocal: z.boolean(),
  /** The host's last message applied here; for the local host, its journal's seq. */
  lastSeq: z.number().int().nonnegative(),
  /** When its last message was applied; for the local host, now. */
  lastSeenAt: z.number(),
  openIncidents: z.number().int().nonnegative(),
  services: z.array(HostService.pick({ name: true, status: true })),
});
export type HostView = z.infer<typeof HostView>;

export const HostsResponse = z.object({ hosts: z.array(HostView) });
export type HostsResponse = z.infer<typeof HostsResponse>;

/** On the central daemon's stream: a host's message, once applied here. Not replayed with `since`. */
export const HostFrame = HostEnvelope.extend({ type: z.literal("host") });
export type HostFrame = z.infer<typeof HostFrame>;
