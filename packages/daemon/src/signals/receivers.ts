import type { Hono } from "hono";
import { mergePath } from "hono/utils/url";
import type { HostPort } from "../config/host-port.js";
import type { OrbtConfig } from "../config/orbt-config.js";
import { configuredPatterns } from "../config/pattern-config.js";
import type { Logger } from "../create-logger.js";
import type { DaemonMetrics } from "../daemon-metrics.js";
import type { AuthEnv } from "../serve/auth/index.js";
import { createAlertmanagerApp } from "./alertmanager/create-alertmanager-app.js";
import { createDeploysApp, type DeploySink } from "./deploys/create-deploys-app.js";
import { createHealthApp, type HealthSink } from "./health/create-health-app.js";
import { createHeartbeatApp, type HeartbeatSink } from "./heartbeat/create-heartbeat-app.js";
import { createIngestDecoder, DEFAULT_DECODE_THREADS } from "./ingest/create-ingest-decoder.js";
import type { IngestDecoder } from "./ingest/ingest-decoder.js";
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from "./ingest/ingest-limits.js";
import { type IngestMetrics, registerIngestMetrics } from "./ingest/ingest-metrics.js";
import type { SymptomSink } from "./ingest/symptom-sink.js";
import { TimeSlicedQueue } from "./ingest/time-sliced-queue.js";
import { createOtlpApp } from "./otlp/create-otlp-app.js";
import { compileLogPattern, DEFAULT_LOG_PATTERNS, type LogPattern } from "./otlp/log-pattern.js";
import { createRemoteWriteApp } from "./remote-write/create-remote-write-app.js";
import type { SeriesAppender, SeriesRefAppender } from "./series-appender.js";

const DEFAULT_OTLP_LISTEN: HostPort = { host: "127.0.0.1", port: 4318 };

/** What a receiver is built from. */
type ReceiverContext = {
  readonly config: OrbtConfig;
  /** remote_write and OTLP metrics append by ref, span RED samples by labels. */
  readonly series: SeriesAppender & SeriesRefAppender;
  /** The engine: symptoms from the receivers, health reports and deploys from the SDK. */
  readonly engine: Engine;
  /** Where the SDK's heartbeats go. */
  readonly heartbeats: HeartbeatSink;
  /** `ingest:` of the config, or its defaults. */
  readonly limits: IngestLimits;
  readonly metrics: IngestMetrics;
  /** Where remote_write and OTLP bodies are decoded (`ingest.decode_threads`). */
  readonly decoder: IngestDecoder;
  /** What their appends take turns on the event loop through. */
  readonly turns: TimeSlicedQueue;
  readonly log: Logger;
};

/** A receiver's HTTP app, served on the API's port under `basePath`, or on a port of its own. */
type Receiver =
  | {
      readonly basePath: string;
      readonly app: Hono;
      /** Reads its body within `ingest.max_body` itself, so the API's own body limit skips its routes. */
      readonly isBodyLimitedItself: boolean;
    }
  | {
      readonly listen: HostPort;
      readonly app: Hono;
      /** Runs every few seconds, e.g. to clear symptoms gone quiet when no data arrives. */
      sweep(nowMs: number): Promise<void>;
    };

type OwnPortReceiver = Extract<Receiver, { readonly listen: HostPort }>;

/** The signal sources that take data over HTTP; a name without its line in `RECEIVERS` does not compile. */
type ReceiverKind = "remote_write" | "alertmanager" | "otlp" | "health" | "deploys" | "heartbeat";

type Engine = SymptomSink & HealthSink & DeploySink;

/** One line per receiver; undefined when the config turns it off. Routes declare their roles themselves. */
const RECEIVERS = {
  remote_write: ({ series, limits, metrics, decoder, turns, log }) => ({
    basePath: "/prometheus",
    app: createRemoteWriteApp({
      series,
      limits,
      metrics,
      decoder,
      turns,
      log: log.child({ module: "signals/remote-write" }),
    }),
    isBodyLimitedItself: true,
  }),
  alertmanager: ({ config, engine, limits, metrics, log }) => ({
    basePath: "/",
    app: createAlertmanagerApp({
      sink: engine,
      limits,
      metrics,
      mappings: config.symptoms,
      patterns: configuredPatterns(config),
      log: log.child({ module: "signals/alertmanager" }),
    }),
    isBodyLimitedItself: true,
  }),
  otlp: ({ config, series, engine, limits, metrics, decoder, turns, log }) => {
    if (config.otlp === false) return undefined;
    const receiver = createOtlpApp({
      series,
      sink: engine,
      limits,
      metrics,
      decoder,
      turns,
      logPatterns: compileAll(config),
      spanThresholds: config.otlp?.spanThresholds ?? [],
      log: log.child({ module: "signals/otlp" }),
    });
    return { ...receiver, listen: config.otlp?.listen ?? DEFAULT_OTLP_LISTEN };
  },
  health: ({ engine }) => ({
    basePath: "/",
    app: createHealthApp({ sink: engine }),
    isBodyLimitedItself: false,
  }),
  deploys: ({ engine }) => ({
    basePath: "/",
    app: createDeploysApp({ sink: engine }),
    isBodyLimitedItself: false,
  }),
  heartbeat: ({ heartbeats }) => ({
    basePath: "/",
    app: createHeartbeatApp({ sink: heartbeats }),
    isBodyLimitedItself: false,
  }),
} satisfies { readonly [K in ReceiverKind]: (context: ReceiverContext) => Receiver | undefined };

function compileAll(config: OrbtConfig): LogPattern[] {
  return (config.logPatterns ?? DEFAULT_LOG_PATTERNS).flatMap((spec) => {
    const compiled = compileLogPattern(spec);
    return compiled.ok ? [compiled.value] : [];
  });
}

export type Receivers = {
  /** Mounts the receivers served on the API's port on `app`. */
  mount(app: Hono<AuthEnv>): void;
  /** Routes that read their body within `ingest.max_body`, for the API's own body limit to skip. */
  readonly bodyLimitedPaths: ReadonlySet<string>;
  /** The receivers served on ports of their own, by kind. */
  readonly ownPorts: readonly (OwnPortReceiver & { readonly kind: ReceiverKind })[];
  /** Stops the decode threads. */
  close(): Promise<void>;
};

/** Builds every receiver the config turns on. */
export function createReceivers(options: {
  readonly config: OrbtConfig;
  readonly series: SeriesAppender & SeriesRefAppender;
  readonly engine: Engine;
  readonly heartbeats: HeartbeatSink;
  readonly metrics: DaemonMetrics;
  readonly log: Logger;
}): Receivers {
  const context: ReceiverContext = {
    ...options,
    limits: options.config.ingest ?? DEFAULT_INGEST_LIMITS,
    metrics: registerIngestMetrics(options.metrics.registry),
    decoder: createIngestDecoder(
      options.config.ingest?.decodeThreads ?? DEFAULT_DECODE_THREADS,
      options.log.child({ module: "signals/ingest" }),
    ),
    turns: new TimeSlicedQueue(),
  };
  const built = (Object.keys(RECEIVERS) as ReceiverKind[]).flatMap((kind) => {
    const receiver: Receiver | undefined = RECEIVERS[kind](context);
    return receiver === undefined ? [] : [{ kind, receiver }];
  });
  const onApi = built.flatMap(({ receiver }) => ("basePath" in receiver ? [receiver] : []));
  return {
    mount: (app) => {
      for (const receiver of onApi) app.route(receiver.basePath, receiver.app);
    },
    bodyLimitedPaths: new Set(
      onApi
        .filter((receiver) => receiver.isBodyLimitedItself)
        .flatMap((receiver) => receiver.app.routes.map((route) => mergePath(receiver.basePath, route.path))),
    ),
    ownPorts: built.flatMap(({ kind, receiver }) => ("listen" in receiver ? [{ ...receiver, kind }] : [])),
    close: () => context.decoder.close(),
  };
}
