import { Counter, type Registry } from "prom-client";

/** Which receiver took the data, the `receiver` label of every ingest counter. */
export type IngestReceiver = "otlp" | "remote_write" | "alertmanager";

type OutcomeCounter = Counter<"receiver" | "outcome" | "reason">;

/** Counters of what the receivers accepted and refused; `reason` is "" for accepted items. */
export type IngestMetrics = {
  readonly samples: OutcomeCounter;
  readonly spans: OutcomeCounter;
  readonly logRecords: OutcomeCounter;
  readonly alerts: OutcomeCounter;
  readonly requests: Counter<"receiver" | "status">;
};

const OUTCOME_LABELS = ["receiver", "outcome", "reason"] as const;

export function registerIngestMetrics(registry: Registry): IngestMetrics {
  const registers = [registry];
  return {
    samples: new Counter({
      name: "orbt_ingest_samples_total",
      help: "Samples received (OTLP data points, remote_write samples, span RED samples), by outcome and reason.",
      labelNames: OUTCOME_LABELS,
      registers,
    }),
    spans: new Counter({
      name: "orbt_ingest_spans_total",
      help: "OTLP spans received, by outcome and reason.",
      labelNames: OUTCOME_LABELS,
      registers,
    }),
    logRecords: new Counter({
      name: "orbt_ingest_log_records_total",
      help: "OTLP log records received, by outcome and reason.",
      labelNames: OUTCOME_LABELS,
      registers,
    }),
    alerts: new Counter({
      name: "orbt_ingest_alerts_total",
      help: "Alertmanager alerts received, by outcome and reason.",
      labelNames: OUTCOME_LABELS,
      registers,
    }),
    requests: new Counter({
      name: "orbt_ingest_requests_total",
      help: "Ingest requests answered, by HTTP status.",
      labelNames: ["receiver", "status"],
      registers,
    }),
  };
}

/** Adds `accepted` and each rejection reason's count to one of the counters. */
export function countOutcomes(
  counter: OutcomeCounter,
  receiver: IngestReceiver,
  accepted: number,
  rejections: Readonly<Record<string, number>>,
): void {
  if (accepted > 0) counter.inc({ receiver, outcome: "accepted", reason: "" }, accepted);
  for (const [reason, count] of Object.entries(rejections)) {
    if (count > 0) counter.inc({ receiver, outcome: "rejected", reason }, count);
  }
}
