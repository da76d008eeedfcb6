import { register } from "node:module";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { logs, metrics, NodeSDK, type NodeSDKConfiguration } from "@opentelemetry/sdk-node";

export type TelemetryOptions = {
  readonly serviceName: string;
  /** The Orbt daemon's OTLP/HTTP receiver; `/v1/metrics|traces|logs` are appended. */
  readonly endpoint?: string;
  /** e.g. `{ authorization: "Bearer …" }` when the daemon has tokens configured (role reporter). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly metricIntervalMs?: number;
  /**
   * Auto-instrumentations to install; by default `@opentelemetry/instrumentation-http`, which traces and
   * times every incoming and outgoing `node:http` request. `[]` installs none. They patch modules loaded
   * after this call, so start telemetry before the service imports them (`node --import ./telemetry.mjs`).
   */
  readonly instrumentations?: NodeSDKConfiguration["instrumentations"];
  /** Told about a failure to start or stop; telemetry never throws into its host. */
  readonly onError?: (error: unknown) => void;
};

export type Telemetry = {
  /** Flushes what is buffered and stops exporting; resolves even when the daemon is unreachable. */
  shutdown(): Promise<void>;
};

let isImportHookRegistered = false;

const DEFAULT_ENDPOINT = "http://127.0.0.1:4318";
const DEFAULT_METRIC_INTERVAL_MS = 15_000;

/**
 * OpenTelemetry for a Node service, exporting metrics, traces and logs over OTLP/HTTP to the Orbt daemon.
 * If the SDK cannot start, the host keeps running without telemetry.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const base = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  const headers = { ...options.headers };
  const onError = options.onError ?? (() => undefined);
  try {
    const instrumentations = options.instrumentations ?? [new HttpInstrumentation()];
    if (instrumentations.length > 0) registerImportHook();
    const sdk = new NodeSDK({
      serviceName: options.serviceName,
      traceExporter: new OTLPTraceExporter({ url: `${base}/v1/traces`, headers }),
      metricReaders: [
        new metrics.PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics`, headers }),
          exportIntervalMillis: options.metricIntervalMs ?? DEFAULT_METRIC_INTERVAL_MS,
        }),
      ],
      logRecordProcessors: [
        new logs.BatchLogRecordProcessor({
          exporter: new OTLPLogExporter({ url: `${base}/v1/logs`, headers }),
        }),
      ],
      instrumentations,
    });
    sdk.start();
    return {
      shutdown: async () => {
        try {
          await sdk.shutdown();
        } catch (error) {
          onError(error);
        }
      },
    };
  } catch (error) {
    onError(error);
    return { shutdown: async () => undefined };
  }
}

function registerImportHook(): void {
  if (isImportHookRegistered) return;
  isImportHookRegistered = true;
  // Instrumentations see `require` calls by themselves, but ES module imports (`import "node:http"` in the
  // service) only through this loader hook, which applies to the modules imported after it.
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
}
