import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export type DaemonMetrics = {
  readonly registry: Registry;
  readonly incidentsOpened: Counter<"pattern">;
  readonly strikesStarted: Counter<"strike">;
  readonly remediesFinished: Counter<"outcome">;
  readonly escalations: Counter<"reason">;
  readonly openIncidents: Gauge<"state">;
  readonly checkDuration: Histogram<"service" | "result">;
  readonly notifyDeliveries: Counter<"receiver" | "outcome">;
  readonly notifyQueueDepth: Gauge<"receiver">;
  readonly upstreamOutboxDepth: Gauge;
};

export function createDaemonMetrics(): DaemonMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    incidentsOpened: new Counter({
      name: "orbt_incidents_total",
      help: "Incidents opened, by error pattern.",
      labelNames: ["pattern"],
      registers,
    }),
    strikesStarted: new Counter({
      name: "orbt_strikes_total",
      help: "Strikes started: 1 and 2 run a remedy, 3 escalates to a human.",
      labelNames: ["strike"],
      registers,
    }),
    remediesFinished: new Counter({
      name: "orbt_remedies_total",
      help: "Remedies that ended, by outcome.",
      labelNames: ["outcome"],
      registers,
    }),
    escalations: new Counter({
      name: "orbt_escalations_total",
      help: "Incidents escalated to a human, by reason.",
      labelNames: ["reason"],
      registers,
    }),
    openIncidents: new Gauge({
      name: "orbt_live_incidents",
      help: "Incidents not yet resolved, by state.",
      labelNames: ["state"],
      registers,
    }),
    checkDuration: new Histogram({
      name: "orbt_check_duration_seconds",
      help: "Latency of health-check probes.",
      labelNames: ["service", "result"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    notifyDeliveries: new Counter({
      name: "orbt_notify_deliveries_total",
      help: "Notification delivery attempts, by receiver and outcome: delivered, retrying (will try again), failed (given up).",
      labelNames: ["receiver", "outcome"],
      registers,
    }),
    notifyQueueDepth: new Gauge({
      name: "orbt_notify_queue_depth",
      help: "Notifications waiting to be delivered, by receiver.",
      labelNames: ["receiver"],
      registers,
    }),
    upstreamOutboxDepth: new Gauge({
      name: "orbt_upstream_outbox_depth",
      help: "On a host daemon with upstream: messages its central daemon does not hold yet.",
      registers,
    }),
  };
}
