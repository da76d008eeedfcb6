import { SEED_PATTERNS } from "@orbt/core";
import type { Hono } from "hono";
import type { OrbtConfig } from "../config/orbt-config.js";
import type { Logger } from "../create-logger.js";
import type { DaemonMetrics } from "../daemon-metrics.js";
import type { AuthEnv } from "../serve/auth/index.js";
import { createAlertmanagerApp } from "./alertmanager/create-alertmanager-app.js";
import { DEFAULT_INGEST_LIMITS } from "./ingest/ingest-limits.js";
import { registerIngestMetrics } from "./ingest/ingest-metrics.js";
import type { SymptomSink } from "./ingest/symptom-sink.js";
import { createOtlpApp, type OtlpReceiver } from "./otlp/create-otlp-app.js";
import { compileLogPattern, DEFAULT_LOG_PATTERNS, type LogPattern } from "./otlp/log-pattern.js";
import { createRemoteWriteApp } from "./remote-write/create-remote-write-app.js";
import type { SeriesAppender, SeriesRefAppender } from "./series-appender.js";

export const DEFAULT_OTLP_LISTEN = { host: "127.0.0.1", port: 4318 };

export type Receivers = {
  /** Null when `otlp: false`. */
  readonly otlp: (OtlpReceiver & { readonly listen: { host: string; port: number } }) | null;
};

function compileAll(config: OrbtConfig): LogPattern[] {
  return (config.logPatterns ?? DEFAULT_LOG_PATTERNS).flatMap((spec) => {
    const compiled = compileLogPattern(spec);
    return compiled.ok ? [compiled.value] : [];
  });
}

/** The receivers mounted on the API's port; each limits its body to `ingest.max_body`. */
export const RECEIVER_PATHS: ReadonlySet<string> = new Set([
  "/prometheus/api/v1/write",
  "/api/v1/alerts/alertmanager",
]);

/** Mounts remote_write and the Alertmanager webhook on `app`, and builds the OTLP receiver for its own port. */
export function mountReceivers(
  app: Hono<AuthEnv>,
  options: {
    readonly config: OrbtConfig;
    /** remote_write and OTLP metrics append by ref, span RED samples by labels. */
    readonly series: SeriesAppender & SeriesRefAppender;
    readonly sink: SymptomSink;
    readonly metrics: DaemonMetrics;
    readonly log: Logger;
  },
): Receivers {
  const { config, series, sink, log } = options;
  const limits = config.ingest ?? DEFAULT_INGEST_LIMITS;
  const metrics = registerIngestMetrics(options.metrics.registry);
  app.route(
    "/prometheus",
    createRemoteWriteApp({
      series,
      limits,
      metrics,
      log: log.child({ module: "signals/remote-write" }),
    }),
  );
  app.route(
    "/",
    createAlertmanagerApp({
      sink,
      limits,
      metrics,
      mappings: config.symptoms,
      patterns: SEED_PATTERNS,
      log: log.child({ module: "signals/alertmanager" }),
    }),
  );
  if (config.otlp === false) return { otlp: null };
  const receiver = createOtlpApp({
    series,
    sink,
    limits,
    metrics,
    logPatterns: compileAll(config),
    spanThresholds: config.otlp?.spanThresholds ?? [],
    log: log.child({ module: "signals/otlp" }),
  });
  return { otlp: { ...receiver, listen: config.otlp?.listen ?? DEFAULT_OTLP_LISTEN } };
}
