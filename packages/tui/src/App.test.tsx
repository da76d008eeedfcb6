import {
  buildAutomationView,
  buildStatusView,
  type EngineState,
  type Incident,
  type IncidentHistory,
  type ReadinessAssessment,
  step,
} from "@orbt/core";
import type {
  ApiResult,
  AutomationView,
  DomainReport,
  EscalationView,
  HaStatus,
  HostView,
  IncidentSummary,
  IncidentsQuery,
  NotifyReceiverView,
  OrbtStreamError,
  StatusResponse,
  StoreStatusResponse,
  StreamStatus,
  UpstreamStatus,
} from "@orbt/sdk";
import { render } from "ink-testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { demoReadiness, demoReport, demoView } from "../test/support/demo-state.js";
import { App } from "./App.js";
import type { TuiClient, TuiStream } from "./tui-ports.js";

type View = { readonly state: EngineState; readonly history: IncidentHistory };

type FakeStream = TuiStream & {
  push(view: View, seq: number): void;
  setStatus(status: StreamStatus): void;
  fail(error: OrbtStreamError): void;
};

function fakeStream(view: View | null, seq: number | null): FakeStream {
  let current = { view, seq, status: "connected" as StreamStatus };
  const stateListeners = new Set<(state: EngineState, seq: number, history: IncidentHistory) => void>();
  const statusListeners = new Set<(status: StreamStatus) => void>();
  const errorListeners = new Set<(error: OrbtStreamError) => void>();
  return {
    getState: () => current.view?.state ?? null,
    getHistory: () => current.view?.history ?? null,
    getLastSeq: () => current.seq,
    getStatus: () => current.status,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    fail(error) {
      for (const listener of errorListeners) listener(error);
    },
    push(view, seq) {
      current = { ...current, view, seq };
      for (const listener of stateListeners) listener(view.state, seq, view.history);
    },
    setStatus(status) {
      current = { ...current, status };
      for (const listener of statusListeners) listener(status);
    },
  };
}

const HOSTS: HostView[] = [
  { host: "central", isLocal: true, lastSeq: 40, lastSeenAt: 0, openIncidents: 0, services: [] },
  {
    host: "web-1",
    isLocal: false,
    lastSeq: 17,
    lastSeenAt: 0,
    openIncidents: 1,
    services: [{ name: "checkout", status: "RED" }],
  },
];

const WEB_1_INCIDENT: IncidentSummary = (() => {
  const incident = Object.values(demoView().state.incidents)[0];
  if (incident === undefined) throw new Error("the demo state has no incident");
  const { timeline, actions, ...summary } = incident;
  return { ...summary, id: "inc-web-1-7", service: "checkout" };
})();

function fakeClient(
  receivers: NotifyReceiverView[] = [],
  ha: HaStatus | null = null,
  upstream?: UpstreamStatus,
) {
  const done = async (): Promise<ApiResult<void>> => ({ ok: true, value: undefined });
  const answered = async (): Promise<ApiResult<Incident>> => ({
    ok: true,
    value: demoView().state.incidents["inc-3"]!,
  });
  const switched = async (): Promise<ApiResult<AutomationView>> => ({
    ok: true,
    value: buildAutomationView(demoView().state, 0),
  });
  return {
    acknowledgeIncident: vi.fn(done),
    resolveIncident: vi.fn(done),
    approveIncident: vi.fn(answered),
    denyIncident: vi.fn(answered),
    listEscalations: vi.fn(async (): Promise<ApiResult<EscalationView[]>> => ({ ok: true, value: [] })),
    listHosts: vi.fn(async (): Promise<ApiResult<HostView[]>> => ({ ok: true, value: HOSTS })),
    listIncidents: vi.fn(
      async (query?: IncidentsQuery): Promise<ApiResult<IncidentSummary[]>> => ({
        ok: true,
        value: query?.host === "web-1" ? [WEB_1_INCIDENT] : [],
      }),
    ),
    getCurrentReport: vi.fn(
      async (): Promise<ApiResult<DomainReport>> => ({ ok: true, value: demoReport() }),
    ),
    getReadiness: vi.fn(
      async (): Promise<ApiResult<ReadinessAssessment>> => ({ ok: true, value: demoReadiness() }),
    ),
    listNotifyReceivers: vi.fn(
      async (): Promise<ApiResult<NotifyReceiverView[]>> => ({ ok: true, value: receivers }),
    ),
    getStoreStatus: vi.fn(
      async (): Promise<ApiResult<StoreStatusResponse>> => ({
        ok: true,
        value: {
          journal: { lastSeq: 42 },
          checkpoint: {
            isEnabled: true,
            last: { seq: 40, at: 0, bytes: 100, baseSeq: null },
            resumedFromSeq: null,
            replayedAtStart: 0,
          },
        },
      }),
    ),
    pauseAutomation: vi.fn(switched),
    resumeAutomation: vi.fn(switched),
    getStatus: vi.fn(
      async (): Promise<ApiResult<StatusResponse>> => ({
        ok: true,
        value: { ...buildStatusView(demoView().state, ha), ...(upstream === undefined ? {} : { upstream }) },
      }),
    ),
  } satisfies TuiClient;
}

function receiver(name: string, extra: Partial<NotifyReceiverView> = {}): NotifyReceiverView {
  return {
    name,
    kind: "slack",
    queueDepth: 0,
    delivered: 3,
    failed: 0,
    lastDeliveredAt: 1_000,
    lastError: null,
    lastErrorAt: null,
    isFailing: false,
    ...extra,
  };
}

const DOWN = "\u001B[B";
const ENTER = "\r";

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  for (const app of mounted.splice(0)) app.unmount();
});

function renderApp(stream: TuiStream, client: TuiClient = fakeClient()) {
  const app = render(<App client={client} stream={stream} operator="ana" />);
  mounted.push(app);
  return app;
}

/** Lets ink's input handler and React's effects run between key presses. */
async function press(app: ReturnType<typeof renderApp>, ...keys: string[]) {
  for (const key of keys) {
    app.stdin.write(key);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The frame as one line, so assertions don't depend on where the terminal wrapped. */
function flatten(frame: string | undefined): string {
  return (frame ?? "").replace(/\s+/g, " ");
}

function lineOf(frame: string | undefined, needle: string): string {
  return frame?.split("\n").find((line) => line.includes(needle)) ?? "";
}

describe("App", () => {
  it("shows every service with its scale, status and the dashboard figures of the daemon's report", async () => {
    const demo = demoView();
    const measured = step(demo.state, { type: "ServiceScaleMeasured", service: "web", scale: "large" }, 0);
    const client = fakeClient();
    const { lastFrame } = renderApp(fakeStream({ ...demo, state: measured.state }, 9), client);
    await vi.waitFor(() => expect(lastFrame()).toContain("auto-resolved (strike 1): 1"));
    expect(client.getCurrentReport).toHaveBeenCalledWith({ window: "24h" });
    const frame = lastFrame();
    expect(lineOf(frame, "web ")).toMatch(/large\s+GREEN/);
    expect(lineOf(frame, "db ")).toMatch(/-\s+RED/);
    expect(lineOf(frame, "db ")).toMatch(/RED\s+inc-2\s+3/);
    expect(lineOf(frame, "api ")).toMatch(/YELLOW\s+inc-3\s+2/);
    expect(frame).toContain("auto-resolved (strike 1): 1");
    expect(flatten(frame)).toContain("human escalations: 1");
    expect(flatten(frame)).toContain("success rate: 50%");
    expect(flatten(frame)).toContain("pending escalations: 1");
    expect(flatten(frame)).toMatch(/mean time to resolve: \S+/);
    expect(flatten(frame)).toMatch(/uptime: [\d.]+%/);
    expect(lineOf(frame, "seq")).toMatch(/connected\s+seq 9/);
  });

  it("shows failing notification receivers on the overview", async () => {
    const pager = receiver("pager", {
      kind: "pagerduty",
      isFailing: true,
      lastError: "HTTP 503",
      queueDepth: 2,
    });
    const client = fakeClient([receiver("chat"), pager]);
    const app = renderApp(fakeStream(demoView(), 9), client);
    await vi.waitFor(() =>
      expect(lineOf(app.lastFrame(), "notifications")).toContain(
        "notifications failing: pager (HTTP 503, 2 queued)",
      ),
    );
    expect(lineOf(app.lastFrame(), "notifications")).not.toContain("chat");
    expect(client.listNotifyReceivers).toHaveBeenCalled();
  });

  it("shows the journal's last row and the newest checkpoint on the overview", async () => {
    const client = fakeClient();
    const app = renderApp(fakeStream(demoView(), 9), client);
    await vi.waitFor(() =>
      expect(lineOf(app.lastFrame(), "store:")).toContain(
        "store: journal row 42 · checkpoint at row 40 (00:00:00) · last start replayed 0 rows",
      ),
    );
    expect(client.getStoreStatus).toHaveBeenCalled();
  });

  it("says the receivers are fine when none is failing, and nothing when there are none", async () => {
    const app = renderApp(fakeStream(demoView(), 9), fakeClient([receiver("chat"), receiver("mail")]));
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "notifications")).toContain("2 receivers ok"));
    const none = renderApp(fakeStream(demoView(), 9), fakeClient());
    await new Promise((resolve) => setImmediate(resolve));
    expect(none.lastFrame()).not.toContain("notifications");
  });

  it("shows which node of an HA pair it is, its role and who leads, and nothing for a daemon on its own", async () => {
    const ha = {
      nodeId: "node-b",
      role: "follower",
      epoch: 3,
      leader: "node-a",
      leaderSince: 7_000,
    } as const;
    const client = fakeClient([], ha);
    const app = renderApp(fakeStream(demoView(), 9), client);
    await vi.waitFor(() =>
      expect(lineOf(app.lastFrame(), "ha:")).toBe(
        "ha: node-b follower · leader node-a · epoch 3 since 00:00:07",
      ),
    );
    expect(client.getStatus).toHaveBeenCalled();
    const alone = fakeClient();
    const single = renderApp(fakeStream(demoView(), 9), alone);
    await vi.waitFor(() => expect(alone.getStatus).toHaveBeenCalled());
    expect(single.lastFrame()).not.toContain("ha:");
  });

  it("shows how a host daemon's reporting to its central daemon goes, and nothing without upstream", async () => {
    const failing = fakeClient([], null, {
      transport: "http",
      outboxDepth: 12,
      failures: 3,
      lastError: "connect ECONNREFUSED 10.0.0.1:7070",
    });
    const app = renderApp(fakeStream(demoView(), 9), failing);
    await vi.waitFor(() =>
      expect(lineOf(app.lastFrame(), "upstream")).toBe(
        "upstream (http): failing · outbox 12 · 3 failed attempts: connect ECONNREFUSED 10.0.0.1:7070",
      ),
    );
    const current = fakeClient([], null, { transport: "nats", outboxDepth: 0, failures: 0, lastError: null });
    const upToDate = renderApp(fakeStream(demoView(), 9), current);
    await vi.waitFor(() =>
      expect(lineOf(upToDate.lastFrame(), "upstream")).toBe("upstream (nats): up to date · outbox 0"),
    );
    const alone = fakeClient();
    const single = renderApp(fakeStream(demoView(), 9), alone);
    await vi.waitFor(() => expect(alone.getStatus).toHaveBeenCalled());
    expect(single.lastFrame()).not.toContain("upstream");
  });

  it("navigates to an incident and shows its actions and timeline with DPR ids", async () => {
    const app = renderApp(fakeStream(demoView(), 9));
    await press(app, "2");
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "›")).toContain("inc-3"));
    await press(app, "j", DOWN);
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "›")).toContain("inc-1"));
    await press(app, "k", ENTER);
    await vi.waitFor(() =>
      expect(flatten(app.lastFrame())).toContain(
        "inc-2 RED db · uptime_problems/service_unavailable · escalated · strike 3",
      ),
    );
    const frame = flatten(app.lastFrame());
    expect(frame).toMatch(
      /strike 1 service_restart failed exit 1 1200 ms verify failed PLATFORM\.SHOP\.SERVICE_RESTART\.EXEC\.20000\.001/,
    );
    expect(frame).toMatch(
      /strike 2 failover_activation failed .* PLATFORM\.SHOP\.FAILOVER_ACTIVATION\.EXEC\.20000\.002/,
    );
    expect(frame).toContain(
      "08:00:10 remedy_started strike 1: running service_restart [PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001]",
    );
    expect(frame).toContain("08:00:12 escalated strike 3: escalated to a human (strikes_exhausted)");
    await press(app, "\u001B");
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "›")).toContain("inc-2"));
  });

  it("acks and resolves the selected incident through the client", async () => {
    const client = fakeClient();
    const app = renderApp(fakeStream(demoView(), 9), client);
    await press(app, "2", "j", "a");
    expect(client.acknowledgeIncident).toHaveBeenCalledWith("inc-2", { by: "ana" });
    await vi.waitFor(() => expect(app.lastFrame()).toContain("ack inc-2: done"));
    await press(app, "3", "r");
    expect(client.resolveIncident).toHaveBeenCalledWith("inc-2", { by: "ana" });
  });

  it("shows a remedy awaiting approval, and approves with A and denies with D through the client", async () => {
    const { state, history } = demoView();
    const api = state.incidents["inc-3"]!;
    const awaiting = {
      ...api,
      phase: {
        kind: "awaiting_approval",
        remedyIndex: 1,
        solution: "failover_activation",
        since: api.updatedAt,
      },
    } as const;
    const view = { state: { ...state, incidents: { ...state.incidents, "inc-3": awaiting } }, history };
    const client = fakeClient();
    const app = renderApp(fakeStream(view, 9), client);
    await press(app, "2");
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "inc-3")).toContain("awaiting approval"));
    await press(app, "A");
    expect(client.approveIncident).toHaveBeenCalledWith("inc-3", { by: "ana" });
    await vi.waitFor(() => expect(app.lastFrame()).toContain("approve inc-3: done"));
    await press(app, "\r");
    await vi.waitFor(() =>
      expect(app.lastFrame()).toMatch(
        /awaits approval to run failover_activation \(strike 2\) since \S+ · A approve · D deny/,
      ),
    );
    await press(app, "D");
    expect(client.denyIncident).toHaveBeenCalledWith("inc-3", { by: "ana" });
  });

  it("pauses with p, shows PAUSED once the stream says so, and resumes with p", async () => {
    const client = fakeClient();
    const stream = fakeStream(demoView(), 9);
    const app = renderApp(stream, client);
    expect(app.lastFrame()).toContain("automation: running · mode live");
    await press(app, "p");
    expect(client.pauseAutomation).toHaveBeenCalledWith({ by: "ana" });
    await vi.waitFor(() => expect(app.lastFrame()).toContain("pause automation: done"));
    const { state, history } = demoView();
    const paused = step(
      state,
      { type: "AutomationPaused", by: "ana", note: "deploy" },
      state.incidents["inc-3"]!.updatedAt,
    );
    stream.push({ state: paused.state, history }, 10);
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "seq")).toMatch(/seq 10 PAUSED by ana/));
    expect(lineOf(app.lastFrame(), "automation:")).toBe(
      "automation: PAUSED by ana at 08:00:21 (deploy) · mode live",
    );
    await press(app, "2", "p");
    expect(client.resumeAutomation).toHaveBeenCalledWith({ by: "ana" });
    expect(client.pauseAutomation).toHaveBeenCalledTimes(1);
  });

  it("shows dry-run mode in the status line and the overview, and each open incident's phase", async () => {
    const { state, history } = demoView();
    const dryRun = {
      ...state,
      settings: { ...state.settings, automation: { ...state.settings.automation, mode: "dry_run" as const } },
    };
    const app = renderApp(fakeStream({ state: dryRun, history }, 9));
    expect(lineOf(app.lastFrame(), "seq")).toMatch(/seq 9 DRY RUN/);
    expect(app.lastFrame()).toContain("mode dry_run (actions recorded, never executed)");
    await press(app, "2");
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "inc-3")).toContain("running"));
  });

  it("shows a failed action's error code in the status line", async () => {
    const client = fakeClient();
    client.acknowledgeIncident.mockResolvedValueOnce({
      ok: false,
      error: Object.assign(new Error("role viewer cannot ack"), {
        code: "forbidden",
        path: undefined,
        status: 403,
      }),
    } as never);
    const app = renderApp(fakeStream(demoView(), 9), client);
    await press(app, "2", "a");
    await vi.waitFor(() =>
      expect(app.lastFrame()).toContain("ack inc-3 failed: forbidden: role viewer cannot ack"),
    );
  });

  it("follows the stream: new state, seq and connection status", async () => {
    const stream = fakeStream(null, null);
    const app = renderApp(stream);
    expect(app.lastFrame()).toContain("waiting for the daemon's snapshot");
    stream.push(demoView(), 9);
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "api ")).toContain("YELLOW"));
    stream.setStatus("reconnecting");
    stream.fail({ code: "connection_error", message: "connect ECONNREFUSED 127.0.0.1:7070" });
    await vi.waitFor(() =>
      expect(lineOf(app.lastFrame(), "seq")).toMatch(
        /reconnecting\s+seq 9 \(connection_error: connect ECONNREFUSED 127\.0\.0\.1:7070\)/,
      ),
    );
    stream.setStatus("connected");
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "seq")).not.toContain("ECONNREFUSED"));
  });

  it("lists knowledge with score, tries, time to recover and lessons, and switches screens with tab", async () => {
    const demo = demoView();
    // db's incident escalated after both strikes failed; its operator leaves a lesson on resolving it.
    const resolvedAt = Date.UTC(2026, 10, 26, 8, 1, 0);
    const note = "replica lag: promoted the standby by hand";
    const resolved = step(
      demo.state,
      { type: "IncidentResolvedByOperator", incidentId: "inc-2", by: "ana", note },
      resolvedAt,
    );
    const app = renderApp(fakeStream({ ...demo, state: resolved.state }, 9));
    await press(app, "5");
    await vi.waitFor(() => expect(app.lastFrame()).toContain("MTTR"));
    // web recovered 2 s after its incident opened: one success in one try scores 0.21.
    expect(lineOf(app.lastFrame(), "systemd")).toMatch(
      /uptime_problems\s+service_restart\s+systemd\s+any\s+0\.21\s+1\s+1\s+2s\s+2s\s+learned/,
    );
    expect(lineOf(app.lastFrame(), "kubernetes")).toMatch(
      /failover_activation\s+kubernetes\s+any\s+0\.00\s+1\s+0\s+-\s+-/,
    );
    expect(app.lastFrame()).toContain("catalog solutions untried");
    expect(lineOf(app.lastFrame(), "replica lag")).toMatch(
      /2026-11-26 08:01\s+uptime_problems\/\w+ ana: replica lag: promoted the standby by hand/,
    );
    await press(app, "\t");
    await vi.waitFor(() => expect(app.lastFrame()).toContain("No silences"));
    await press(app, "\t");
    await vi.waitFor(() => expect(app.lastFrame()).toContain("production readiness of shop"));
    await press(app, "\t");
    await vi.waitFor(() => expect(app.lastFrame()).toContain("Incidents of central"));
    await press(app, "\t");
    await vi.waitFor(() => expect(app.lastFrame()).toContain("auto-resolved (strike 1)"));
  });

  it("shows the readiness of the daemon on key 7: the six areas' scores, what is missing and its fix", async () => {
    const client = fakeClient();
    const app = renderApp(fakeStream(demoView(), 9), client);
    expect(client.getReadiness).not.toHaveBeenCalled();
    await press(app, "7");
    await vi.waitFor(() => expect(app.lastFrame()).toContain("Missing, and how to fix it"));
    const frame = app.lastFrame();
    const { score } = demoReadiness();
    expect(frame).toContain(`production readiness of shop (dev): ${score}/100`);
    for (const area of demoReadiness().areas) {
      expect(lineOf(frame, `  ${area.area.replace("_", " ")} `)).toMatch(new RegExp(`\\s${area.score}\\s`));
    }
    expect(lineOf(frame, "disaster recovery ")).toContain("2/3");
    expect(frame).toContain("✗ restore_tested: no backup in /var/lib/orbt/backups was ever restored");
    expect(flatten(frame)).toContain("fix: orbtd restore --from BACKUP");
    expect(frame).not.toContain("sla_uptime_met");
  });

  it("lists every host with its last seq and services, and the incidents of the host chosen with j/k", async () => {
    const client = fakeClient();
    const app = renderApp(fakeStream(demoView(), 9), client);
    await press(app, "h");
    await vi.waitFor(() => expect(app.lastFrame()).toContain("Incidents of central"));
    expect(lineOf(app.lastFrame(), "HOST")).toMatch(/HOST\s+SEEN\s+SEQ\s+OPEN\s+SERVICES/);
    expect(lineOf(app.lastFrame(), "central")).toMatch(/central \(this daemon\)\s+00:00:00\s+40\s+0/);
    expect(lineOf(app.lastFrame(), "web-1")).toMatch(/web-1\s+00:00:00\s+17\s+1\s+checkout/);
    await press(app, "j");
    await vi.waitFor(() => expect(app.lastFrame()).toContain("Incidents of web-1"));
    await vi.waitFor(() => expect(lineOf(app.lastFrame(), "inc-web-1-7")).toMatch(/inc-web-1-7\s+checkout/));
    expect(client.listIncidents).toHaveBeenCalledWith({ host: "web-1", limit: 20 });
  });
});
