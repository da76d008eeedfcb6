import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import { ChunkedSeriesStore, type EscalationReport } from "@orbt/core";
import { createWebhookNotifier } from "./act/webhook-notifier.js";
import { CheckRunner } from "./collect/check-runner.js";
import { ScrapeRunner } from "./collect/scrape/scrape-runner.js";
import type { OrbtConfig } from "./config/orbt-config.js";
import type { Logger } from "./log/create-logger.js";
import { createDaemonMetrics } from "./metrics/daemon-metrics.js";
import { OrbtRuntime } from "./runtime/orbt-runtime.js";
import { createApi } from "./serve/create-api.js";
import { createPrometheusApi, type PrometheusBuildInfo } from "./serve/prometheus/create-prometheus-api.js";
import { StreamHub } from "./serve/stream-hub.js";
import { openStore } from "./store/open-store.js";

// Grafana reads `version` to pick its Prometheus dialect; the fields say what actually answers.
const PROMETHEUS_BUILD_INFO: PrometheusBuildInfo = {
  version: "2.53.0",
  revision: "orbt",
  branch: "main",
  buildUser: "orbt",
  buildDate: "",
  goVersion: `node${process.versions.node}`,
};

const RETENTION_SWEEP_MS = 60_000;

export type RunningDaemon = {
  readonly url: string;
  /** Stops taking work, waits up to `graceMs` for running remedies, closes the database. */
  stop(graceMs: number): Promise<void>;
};

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      const boundPort = typeof address === "object" && address !== null ? address.port : port;
      resolve(`http://${host.includes(":") ? `[${host}]` : host}:${boundPort}`);
    });
  });
}

export async function startDaemon(config: OrbtConfig, log: Logger): Promise<RunningDaemon> {
  const store = await openStore({ kind: "sqlite", file: join(config.dataDir, "orbt.db") });
  const metrics = createDaemonMetrics();
  const webhookUrl = config.escalation.webhookUrl;
  const notifier =
    webhookUrl === undefined
      ? undefined
      : createWebhookNotifier<EscalationReport>({
          url: webhookUrl,
          encode: (report) => report,
          timeoutMs: 5_000,
          attempts: 5,
          backoffMs: 500,
        });
  const runtime = new OrbtRuntime({
    config,
    store,
    log: log.child({ module: "runtime" }),
    metrics,
    ...(notifier === undefined ? {} : { notifier }),
  });
  await runtime.start();

  const series = new ChunkedSeriesStore();
  const retentionTimer = setInterval(
    () => series.truncateBefore(Date.now() - config.retentionMs),
    RETENTION_SWEEP_MS,
  );
  const app = createApi({ runtime, store, metrics, log: log.child({ module: "serve/api" }) });
  app.route(
    "/prometheus",
    createPrometheusApi({
      store: series,
      labels: series,
      now: Date.now,
      buildInfo: PROMETHEUS_BUILD_INFO,
      log: log.child({ module: "serve/prometheus" }),
    }),
  );
  const hub = new StreamHub({ runtime, store, log: log.child({ module: "serve/stream" }) });
  const server = createServer(getRequestListener(app.fetch));
  server.on("upgrade", (request, socket, head) => hub.handleUpgrade(request, socket, head));
  let url: string;
  try {
    url = await listen(server, config.listen.host, config.listen.port);
  } catch (err) {
    await store.close();
    throw err;
  }
  const checks = new CheckRunner({
    services: config.services,
    sink: runtime,
    log: log.child({ module: "collect/checks" }),
    metrics,
  });
  checks.start();
  const scrapes = new ScrapeRunner({ services: config.services, appender: series, log });
  scrapes.start();
  log.info({ url, dataDir: config.dataDir, services: config.services.length }, "orbtd listening");

  return {
    url,
    stop: async (graceMs) => {
      checks.stop();
      clearInterval(retentionTimer);
      await scrapes.stop();
      hub.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await runtime.stop(graceMs);
      server.closeAllConnections();
      await closed;
      await store.close();
      log.info("orbtd stopped");
    },
  };
}
