import { ChunkedSeriesStore } from "@orbt/core";
import type { Hono, MiddlewareHandler } from "hono";
import type { OrbtConfig } from "../../src/config/orbt-config.js";
import { createLogger } from "../../src/create-logger.js";
import { createDaemonMetrics } from "../../src/daemon-metrics.js";
import { DrillRunner } from "../../src/drills/drill-runner.js";
import { FleetInbox } from "../../src/fleet/fleet-inbox.js";
import { NotificationDelivery } from "../../src/notify/notification-delivery.js";
import { assessSetupReadiness } from "../../src/readiness/gather-readiness-facts.js";
import { DomainReports } from "../../src/reports/domain-reports.js";
import { OrbtRuntime } from "../../src/runtime/orbt-runtime.js";
import type { AuthEnv } from "../../src/serve/auth/index.js";
import { createServedApp } from "../../src/serve/create-served-app.js";
import { ProbeHistory } from "../../src/signals/checks/probe-history.js";
import { HeartbeatMonitor } from "../../src/signals/heartbeat/heartbeat-monitor.js";
import { createReceivers } from "../../src/signals/receivers.js";
import { toSeriesAppender } from "../../src/signals/series-appender.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import type { StoreFixture } from "./store-dialects.js";

export type ApiDaemon = {
  readonly runtime: OrbtRuntime;
  readonly store: Store;
  readonly app: Hono<AuthEnv>;
  stop(): Promise<void>;
};

export type ApiDaemonOptions = {
  readonly fixture: StoreFixture;
  readonly config: OrbtConfig;
  /** Who every request is, in place of the token check. */
  readonly auth: MiddlewareHandler<AuthEnv>;
  readonly clock: () => number;
  /** Where the daemon's stop is registered, to run after the test. */
  readonly defer: (cleanup: () => Promise<void>) => void;
  /** Runs on the opened store before the runtime starts on it. */
  readonly beforeStart?: (store: Store) => Promise<void>;
};

/**
 * The runtime and everything the API's port serves (REST, Prometheus API, receivers) over a store fixture,
 * in-process, with a silent log: `app.request` reaches it.
 */
export async function startApiDaemon(options: ApiDaemonOptions): Promise<ApiDaemon> {
  const { config } = options;
  const store = await openStore(options.fixture.options);
  await options.beforeStart?.(store);
  const log = createLogger({ level: "silent", destination: { write: () => undefined } });
  const metrics = createDaemonMetrics();
  const runtime = new OrbtRuntime({ config, store, log, metrics, clock: options.clock });
  await runtime.start();
  const notify = new NotificationDelivery({ store, notify: config.notify, metrics, log });
  const series = new ChunkedSeriesStore();
  const heartbeats = new HeartbeatMonitor({ services: config.services, sink: runtime, log });
  const receivers = createReceivers({
    config,
    series: toSeriesAppender(series),
    engine: runtime,
    heartbeats,
    metrics,
    log,
  });
  const assessReadiness = () =>
    assessSetupReadiness(
      { config, ruleGroups: [], store: options.fixture.options, baseDir: process.cwd() },
      options.clock(),
    );
  const drills = new DrillRunner({ config, engine: runtime, store, log });
  const reports = new DomainReports({
    sources: {
      config,
      state: () => runtime.state,
      store,
      checks: new ProbeHistory(),
      series,
      assessReadiness,
      listDrills: (since) => drills.list({ since }),
    },
    store,
    notifications: notify,
    log,
    clock: options.clock,
  });
  const app = createServedApp({
    runtime,
    drills,
    store,
    metrics,
    notify,
    log,
    reports,
    fleet: new FleetInbox({ store, localHost: config.host, log, clock: options.clock }),
    auth: options.auth,
    assessReadiness,
    prometheus: { store: series, labels: series, now: options.clock },
    receivers,
  });
  let isStopped = false;
  const stop = async () => {
    if (isStopped) return;
    isStopped = true;
    await drills.stop();
    await runtime.stop(0);
    await store.close();
  };
  options.defer(stop);
  return { runtime, store, app, stop };
}
