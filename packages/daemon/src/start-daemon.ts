import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { hostname } from "node:os";
import { getRequestListener } from "@hono/node-server";
import { ChunkedSeriesStore } from "@orbt/core";
import { Hono } from "hono";
import type { Setup } from "./commands/load-setup.js";
import { backupDirOf } from "./config/backup-config.js";
import type { OrbtConfig } from "./config/orbt-config.js";
import type { Logger } from "./create-logger.js";
import { createDaemonMetrics } from "./daemon-metrics.js";
import { DrillRunner } from "./drills/drill-runner.js";
import { DrillScheduler } from "./drills/drill-scheduler.js";
import { FleetInbox } from "./fleet/fleet-inbox.js";
import { UpstreamSender } from "./fleet/upstream-sender.js";
import { openUpstreamTransport } from "./fleet/upstream-transport.js";
import { createLeaderElection } from "./ha/create-leader-election.js";
import { followUntilLeading } from "./ha/follow-until-leading.js";
import { readHaStatus } from "./ha/read-ha-status.js";
import { NotificationDelivery } from "./notify/notification-delivery.js";
import { assessSetupReadiness } from "./readiness/gather-readiness-facts.js";
import { DomainReports } from "./reports/domain-reports.js";
import { ReportScheduler } from "./reports/report-scheduler.js";
import { MaintenanceScheduler } from "./runtime/maintenance-scheduler.js";
import { type Charge, OrbtRuntime, SOLE_WRITER } from "./runtime/orbt-runtime.js";
import { type AuthEnv, createAuthorizer, roleAuth, type TokenGrant } from "./serve/auth/index.js";
import { loadTokenGrants } from "./serve/auth/load-token-grants.js";
import { createServedApp } from "./serve/create-served-app.js";
import { schedulerRulesView } from "./serve/prometheus/scheduler-rules-view.js";
import { STREAM_ROLE, StreamHub } from "./serve/stream-hub.js";
import { CheckRunner } from "./signals/checks/check-runner.js";
import { ProbeHistory } from "./signals/checks/probe-history.js";
import { HeartbeatMonitor } from "./signals/heartbeat/heartbeat-monitor.js";
import { createReceivers } from "./signals/receivers.js";
import { alertsToSymptoms, clearVanishedAlerts } from "./signals/rules/alerts-to-symptoms.js";
import { RuleScheduler } from "./signals/rules/rule-scheduler.js";
import { ScaleMonitor } from "./signals/scale/scale-monitor.js";
import { ScrapeRunner } from "./signals/scrape/scrape-runner.js";
import { toSeriesAppender } from "./signals/series-appender.js";
import { SlaWatcher } from "./signals/sla/sla-watcher.js";
import { BackupScheduler } from "./store/backup-scheduler.js";
import { openStore } from "./store/open-store.js";

const RETENTION_SWEEP_MS = 60_000;
const RECEIVER_SWEEP_MS = 10_000;

async function loadTokens(config: OrbtConfig): Promise<TokenGrant[]> {
  const loaded = await loadTokenGrants(config.tokens ?? [], (path) => readFile(path, "utf8"));
  if (!loaded.ok) throw new Error(`tokens: ${loaded.error.message}`);
  return loaded.value;
}

/** What acts on its own schedule once the daemon is in charge. */
type Actor = { start(): void; stop(): void | Promise<void> };

export type RunningDaemon = {
  readonly url: string;
  /** Settles when the daemon must end at once: an HA leader that lost its leadership. */
  readonly failed: Promise<Error>;
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

export async function startDaemon(setup: Setup, log: Logger): Promise<RunningDaemon> {
  const { config } = setup;
  const tokens = await loadTokens(config);
  const store = await openStore(setup.store);
  const metrics = createDaemonMetrics();
  const notifications = new NotificationDelivery({
    store,
    notify: config.notify,
    metrics,
    log: log.child({ module: "notify" }),
  });
  const upstream =
    config.upstream === null
      ? undefined
      : new UpstreamSender({
          store,
          host: config.host,
          transport: await openUpstreamTransport(config.upstream),
          transportKind: config.upstream.transport,
          outboxDepth: metrics.upstreamOutboxDepth,
          log: log.child({ module: "fleet/upstream" }),
          maxBackoffMs: config.upstream.maxBackoffMs,
        });
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => {
    fail = resolve;
  });
  const runtime = new OrbtRuntime({
    config,
    store,
    log: log.child({ module: "runtime" }),
    metrics,
    notifications,
    ...(upstream === undefined ? {} : { upstream }),
    onFenced: fail,
  });
  await runtime.load();
  /** Once in charge: deliver notifications, act, and tell the central daemon where this one stands. */
  const takeCharge = async (charge: Charge) => {
    await notifications.start();
    await runtime.takeCharge(charge);
    // What the outbox kept while this daemon was down goes first, then where it stands now.
    await upstream?.enqueueStanding(runtime.state);
    upstream?.wake();
  };
  const nodeId = config.ha?.nodeId ?? `${hostname()}-${process.pid}`;
  const election =
    config.ha === null || setup.store.kind !== "postgres"
      ? undefined
      : await createLeaderElection(setup.store.connectionString, store, nodeId, log.child({ module: "ha" }));
  if (election === undefined) await takeCharge(SOLE_WRITER);
  const fleet = new FleetInbox({ store, localHost: config.host, log: log.child({ module: "fleet" }) });

  const series = new ChunkedSeriesStore();
  const appender = toSeriesAppender(series);
  const rules = new RuleScheduler({
    groups: setup.ruleGroups,
    store: series,
    appender,
    onTransition: alertsToSymptoms(runtime, config, log.child({ module: "signals/rules" })),
    onSettled: clearVanishedAlerts(runtime, config, log.child({ module: "signals/rules" })),
    onRuleError: (error) => log.warn({ ...error, module: "signals/rules" }, "rule evaluation failed"),
    forState: {
      store,
      saved: await store.listAlertForState(),
      restore: {
        outageToleranceMs: config.rules.forOutageToleranceMs,
        gracePeriodMs: config.rules.forGracePeriodMs,
      },
      log: log.child({ module: "signals/rules" }),
    },
  });
  const auth = roleAuth({ tokens });
  const heartbeats = new HeartbeatMonitor({
    services: config.services,
    sink: runtime,
    log: log.child({ module: "signals/heartbeat" }),
  });
  const probeHistory = new ProbeHistory();
  const drills = new DrillRunner({ config, engine: runtime, store, log: log.child({ module: "drills" }) });
  // Settles drills a crash left running: the work of the one in charge, as the journal's intents are.
  if (election === undefined) await drills.start();
  const reports = new DomainReports({
    sources: {
      config,
      state: () => runtime.state,
      store,
      checks: probeHistory,
      series,
      assessReadiness: () => assessSetupReadiness(setup, Date.now(), probeHistory),
      listDrills: (since) => drills.list({ since }),
    },
    store,
    notifications,
    log: log.child({ module: "reports" }),
  });
  const receivers = createReceivers({ config, series: appender, engine: runtime, heartbeats, metrics, log });
  const app = createServedApp({
    runtime,
    store,
    metrics,
    notify: notifications,
    auth,
    log: log.child({ module: "serve/api" }),
    assessReadiness: () => assessSetupReadiness(setup, Date.now(), probeHistory),
    reports,
    drills,
    fleet,
    upstream,
    prometheus: {
      store: series,
      labels: series,
      now: Date.now,
      rules: schedulerRulesView(rules),
      log: log.child({ module: "serve/prometheus" }),
    },
    receivers,
    ...(election === undefined
      ? {}
      : { ha: () => readHaStatus(store, nodeId, runtime.charge !== undefined) }),
  });
  const authorize = createAuthorizer(tokens);
  const hub = new StreamHub({
    runtime,
    store,
    fleet,
    log: log.child({ module: "serve/stream" }),
    authorize: (request) =>
      authorize(request.headers.authorization, request.socket.remoteAddress, STREAM_ROLE),
  });
  const servers: Server[] = [];
  const closeAll = async () => {
    for (const server of servers) server.close();
    await upstream?.stop();
    await notifications.stop();
    await store.close();
  };
  const server = createServer(getRequestListener(app.fetch));
  server.on("upgrade", (request, socket, head) => hub.handleUpgrade(request, socket, head));
  let url: string;
  const sweeps: NodeJS.Timeout[] = [];
  try {
    servers.push(server);
    url = await listen(server, config.listen.host, config.listen.port);
    for (const receiver of receivers.ownPorts) {
      const receiverApp = new Hono<AuthEnv>();
      receiverApp.use("*", auth);
      receiverApp.route("/", receiver.app);
      const receiverServer = createServer(getRequestListener(receiverApp.fetch));
      servers.push(receiverServer);
      const receiverUrl = await listen(receiverServer, receiver.listen.host, receiver.listen.port);
      sweeps.push(setInterval(() => void receiver.sweep(Date.now()), RECEIVER_SWEEP_MS));
      log.info({ receiver: receiver.kind, url: receiverUrl }, "receiver listening on its own port");
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  const retentionTimer = setInterval(
    () => series.truncateBefore(Date.now() - config.retentionMs),
    RETENTION_SWEEP_MS,
  );
  const sla = new SlaWatcher({
    services: config.services,
    settings: config.triggers.SLA_breach,
    history: probeHistory,
    sink: runtime,
    log: log.child({ module: "signals/sla" }),
  });
  const checks = new CheckRunner({
    services: config.services,
    sink: runtime,
    onProbe: (service, at) => sla.measure(service, at),
    log: log.child({ module: "signals/checks" }),
    metrics,
    history: probeHistory,
  });
  const maintenance = new MaintenanceScheduler({
    windows: config.maintenance,
    dispatch: (event) => runtime.dispatch(event),
    log: log.child({ module: "runtime/maintenance" }),
  });
  const scrapes = new ScrapeRunner({ services: config.services, appender, log });
  const scales = new ScaleMonitor({
    services: config.services,
    knowledge: config.knowledge,
    series,
    sink: runtime,
    log: log.child({ module: "signals/scale" }),
  });
  const backups =
    config.backup === null || setup.store.kind !== "sqlite"
      ? undefined
      : new BackupScheduler({
          dbFile: setup.store.file,
          schedule: config.backup.schedule,
          keep: config.backup.keep,
          dir: backupDirOf({ dataDir: config.dataDir, backup: config.backup }),
          log: log.child({ module: "store/backup" }),
        });
  const reportScheduler = new ReportScheduler({
    schedules: config.reports,
    reports,
    log: log.child({ module: "reports" }),
  });
  const drillScheduler = new DrillScheduler({
    schedules: config.drills.schedules,
    drills,
    log: log.child({ module: "drills" }),
  });
  let fleetConsumer: Actor | undefined;
  if (config.fleet !== null) {
    // The NATS client is loaded only when the config names a stream: the bundle keeps it in a chunk of its
    // own, which a start without one never reads (nor `upstream:` over HTTP, see upstream-transport.ts).
    const { NatsFleetConsumer } = await import("./fleet/nats-fleet-consumer.js");
    fleetConsumer = new NatsFleetConsumer({
      config: config.fleet,
      inbox: fleet,
      log: log.child({ module: "fleet/nats" }),
    });
  }
  // Only the one in charge acts: probes, rules, ladders, remedies, notifications, reports, backups, drills,
  // and the fleet's messages applied. Started in this order, stopped in this order.
  const actors: Actor[] = [
    checks,
    heartbeats,
    maintenance,
    scrapes,
    scales,
    rules,
    ...(backups === undefined ? [] : [backups]),
    reportScheduler,
    drillScheduler,
    ...(fleetConsumer === undefined ? [] : [fleetConsumer]),
  ];
  const act = () => {
    for (const actor of actors) actor.start();
  };
  const following =
    election === undefined ? undefined : followUntilLeading(election, runtime, log.child({ module: "ha" }));
  if (following === undefined) act();
  else {
    void following.leads
      .then(async (epoch) => {
        await takeCharge({ epoch, isFenced: true });
        await drills.start();
        act();
      })
      .catch(fail);
    void election?.lost.then(fail);
  }
  log.info(
    { url, dataDir: config.dataDir, store: setup.store.kind, services: config.services.length },
    "orbtd listening",
  );

  return {
    url,
    failed,
    stop: async (graceMs) => {
      following?.stop();
      await election?.close();
      for (const actor of actors) await actor.stop();
      await drills.stop();
      clearInterval(retentionTimer);
      for (const sweep of sweeps) clearInterval(sweep);
      hub.close();
      const closed = servers.map((each) => new Promise<void>((resolve) => each.close(() => resolve())));
      for (const each of servers) each.closeIdleConnections();
      await runtime.stop(graceMs);
      await upstream?.stop();
      await notifications.stop();
      for (const each of servers) each.closeAllConnections();
      await Promise.all(closed);
      await receivers.close();
      await store.close();
      log.info("orbtd stopped");
    },
  };
}
