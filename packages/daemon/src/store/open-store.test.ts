import { spawn } from "node:child_process";
import { once } from "node:events";
import { emptyKnowledgeEntry, type KnowledgeEntry } from "@orbt/core";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  DIALECTS,
  describeDialect,
  type StoreFixture,
  useDialectFixtures,
} from "../../test/support/store-dialects.js";
import { migrateStore } from "./migrate-store.js";
import { openKysely, openStore } from "./open-store.js";
import type { ActionIntent, IncidentRecord, Store, StoreOptions } from "./store.js";
import { ACTION_OUTPUT_MAX_CHARS, createStoreQueries, DRY_RUN_OUTPUT } from "./store-queries.js";

/**
 * Runs a separate Node process that records `intent` through the store, then kills it with SIGKILL:
 * no close, no flush, no exit handlers, like a daemon dying mid-remedy.
 */
async function recordIntentThenKill(options: StoreOptions, intent: ActionIntent): Promise<void> {
  const script = `
    import { openStore } from ${JSON.stringify(new URL("./open-store.ts", import.meta.url).href)};
    const store = await openStore(${JSON.stringify(options)});
    await store.transaction(async (tx) => {
      await tx.appendEvent({ at: ${intent.startedAt}, type: "RemedyStarted", payload: { actionId: ${JSON.stringify(intent.id)} } });
      await tx.recordActionIntent(${JSON.stringify(intent)});
    });
    console.log("recorded");
    setInterval(() => {}, 60_000);
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  let stdout = "";
  for await (const chunk of child.stdout) {
    stdout += String(chunk);
    if (stdout.includes("recorded")) break;
  }
  child.kill("SIGKILL");
  const [code, signal] = await exited;
  expect({ stdout, code, signal }).toEqual({ stdout: "recorded\n", code: null, signal: "SIGKILL" });
}

/** Polls until some transaction waits for a lock on this schema's `events` table. */
async function waitUntilEventsLockIsAwaited(fixture: StoreFixture): Promise<void> {
  const query = "select 1 from pg_locks where relation = 'events'::regclass and not granted";
  while ((await fixture.selectRows(query)).length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls until an update of `leadership` waits for a lock (the file's database is its own). */
async function waitUntilLeadershipLockIsAwaited(fixture: StoreFixture): Promise<void> {
  const query = `select 1 from pg_stat_activity where datname = current_database()
    and wait_event_type = 'Lock' and query like 'update "leadership"%'`;
  while ((await fixture.selectRows(query)).length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("openStore", () => {
  it("reports an unreachable database with the driver's reason", async () => {
    await expect(
      openStore({ kind: "postgres", connectionString: "postgres://postgres@127.0.0.1:1/test" }),
    ).rejects.toThrow(/^cannot reach the store: .*ECONNREFUSED/);
  });
});

const T0 = 1_764_140_000_000;

function buildIncident(overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id: "inc-1",
    service: "shop",
    pattern: "uptime_problems",
    symptom: "health_check_failures",
    state: "open",
    status: "YELLOW",
    strike: 1,
    openedAt: T0,
    updatedAt: T0,
    resolvedAt: null,
    resolution: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    detail: { id: "inc-1", timeline: [{ at: T0, kind: "opened", message: "down" }] },
    ...overrides,
  };
}

function buildIntent(overrides: Partial<ActionIntent> = {}): ActionIntent {
  return {
    id: "act-1",
    incidentId: "inc-1",
    dprId: "PLATFORM.SHOP.SERVICE_RESTART.SYSTEMD.20000.001",
    strike: 1,
    solution: "service_restart",
    tool: "systemd",
    argv: ["systemctl", "restart", "shop.service"],
    target: { unit: "shop.service" },
    startedAt: T0,
    step: 1,
    epoch: 0,
    ...overrides,
  };
}

for (const dialect of DIALECTS) {
  describeDialect("store contract", dialect, () => {
    const { createFixture, defer } = useDialectFixtures(dialect);

    async function open(fixture: StoreFixture): Promise<Store> {
      const store = await openStore(fixture.options);
      defer(() => store.close());
      return store;
    }

    async function openFresh(): Promise<Store> {
      return open(await createFixture());
    }

    it("applies each migration once across reopens and keeps the data", async () => {
      const fixture = await createFixture();
      const first = await openStore(fixture.options);
      await first.appendEvent({ at: T0, type: "SymptomSeen", payload: { n: 1 } });
      await first.close();

      const second = await open(fixture);

      expect(await second.lastSeq()).toBe(1);
      expect(await fixture.selectRows("select name from kysely_migration order by name")).toEqual([
        { name: "001_initial" },
        { name: "002_alert_for_state" },
        { name: "003_incident_detail" },
        { name: "004_drop_approvals_silences" },
        { name: "005_notification_queue" },
        { name: "007_knowledge_rows" },
        { name: "010_reports" },
        { name: "011_checkpoints" },
        { name: "012_drills" },
        { name: "013_leadership" },
        { name: "014_fleet" },
        { name: "015_incremental_checkpoints" },
      ]);
    });

    it("migrates the previous release's schema (through 010) with its data, keeping every row", async () => {
      const fixture = await createFixture();
      const db = await openKysely(fixture.options);
      expect(await migrateStore(db.withoutPlugins(), dialect.kind, "010_reports")).toMatchObject({
        ok: true,
      });
      await db.transaction().execute(async (trx) => {
        const tx = createStoreQueries(trx, dialect.kind);
        await tx.appendEvent({ at: T0, type: "SymptomSeen", payload: { n: 1 } });
        await tx.upsertIncidents([buildIncident()]);
        await sql`insert into actions (id, incident_id, dpr_id, strike, solution, tool, argv, target, state, started_at)
          values ('inc-1.002', 'inc-1', 'D', 1, 'service_restart', 'exec', '[]', 'null', 'intent', ${T0}),
                 ('legacy', 'inc-1', 'D', 1, 'service_restart', 'exec', '[]', 'null', 'intent', ${T0 + 1})`.execute(
          trx,
        );
        await tx.upsertKnowledge([
          emptyKnowledgeEntry(
            { pattern: "uptime_problems", solution: "service_restart", platform: "exec", scale: "any" },
            "learned",
          ),
        ]);
        await tx.enqueueNotifications([
          {
            receiver: "ops",
            notificationId: "n-1",
            kind: "opened",
            incidentId: "inc-1",
            payload: { hello: "ops" },
            createdAt: T0,
          },
        ]);
      });
      await db.destroy();

      const store = await open(fixture);

      expect(await store.readEvents({ sinceSeq: 0 })).toEqual([
        { seq: 1, at: T0, type: "SymptomSeen", payload: { n: 1 } },
      ]);
      expect(await store.getIncident("inc-1")).toEqual(buildIncident());
      expect(
        (await store.listActionsWithoutOutcome()).map(({ id, step, epoch }) => ({ id, step, epoch })),
      ).toEqual([
        { id: "inc-1.002", step: 2, epoch: 0 },
        { id: "legacy", step: null, epoch: 0 },
      ]);
      expect(await store.listKnowledge()).toEqual([
        emptyKnowledgeEntry(
          { pattern: "uptime_problems", solution: "service_restart", platform: "exec", scale: "any" },
          "learned",
        ),
      ]);
      expect(await store.nextPendingNotification("ops")).toMatchObject({ notificationId: "n-1" });
      expect(await store.readLeadership()).toEqual({ epoch: 0, nodeId: "", acquiredAt: 0 });
    });

    it("takes leadership epochs one after another, and tells a stale epoch from the current one", async () => {
      const store = await openFresh();

      expect(await store.takeLeadership("node-a", T0)).toBe(1);
      expect(await store.holdsEpoch(1)).toBe(true);
      expect(await store.takeLeadership("node-b", T0 + 5)).toBe(2);

      expect(await store.readLeadership()).toEqual({ epoch: 2, nodeId: "node-b", acquiredAt: T0 + 5 });
      expect(await store.transaction((tx) => tx.holdsEpoch(1))).toBe(false);
      expect(await store.transaction((tx) => tx.holdsEpoch(2))).toBe(true);
    });

    it("refuses a second action for the same incident and step, whatever its id, and keeps the epoch", async () => {
      const store = await openFresh();

      expect(await store.recordActionIntent(buildIntent({ id: "inc-1.001", epoch: 7 }))).toEqual({
        ok: true,
      });
      expect(await store.recordActionIntent(buildIntent({ id: "inc-1.001-again", epoch: 8 }))).toEqual({
        ok: false,
        error: { code: "action_exists", actionId: "inc-1.001-again" },
      });
      expect(await store.recordActionIntent(buildIntent({ id: "inc-2.001", incidentId: "inc-2" }))).toEqual({
        ok: true,
      });
      expect(
        (await store.listActionsWithoutOutcome()).map(({ id, epoch, step }) => ({ id, epoch, step })),
      ).toEqual([
        { id: "inc-1.001", epoch: 7, step: 1 },
        { id: "inc-2.001", epoch: 0, step: 1 },
      ]);
    });

    it("migrates a store beside another of the same database (Postgres: another schema) and keeps them apart", async () => {
      const first = await openFresh();
      await first.appendEvent({ at: T0, type: "SymptomSeen", payload: {} });

      const second = await openFresh();

      expect(await second.lastSeq()).toBe(0);
      expect(await first.lastSeq()).toBe(1);
    });

    it("journals events in seq order and reads them after a seq", async () => {
      const store = await openFresh();
      expect(await store.lastSeq()).toBe(0);

      const seqs = [];
      for (const [i, type] of ["SymptomSeen", "RemedyStarted", "RemedyFinished"].entries()) {
        seqs.push(await store.appendEvent({ at: T0 + i, type, payload: { type, i, nested: { ok: true } } }));
      }

      expect(seqs[0]).toBeLessThan(seqs[1]!);
      expect(seqs[1]).toBeLessThan(seqs[2]!);
      expect(await store.lastSeq()).toBe(seqs[2]);
      const all = await store.readEvents({ sinceSeq: 0 });
      expect(all).toEqual([
        {
          seq: seqs[0],
          at: T0,
          type: "SymptomSeen",
          payload: { type: "SymptomSeen", i: 0, nested: { ok: true } },
        },
        {
          seq: seqs[1],
          at: T0 + 1,
          type: "RemedyStarted",
          payload: { type: "RemedyStarted", i: 1, nested: { ok: true } },
        },
        {
          seq: seqs[2],
          at: T0 + 2,
          type: "RemedyFinished",
          payload: { type: "RemedyFinished", i: 2, nested: { ok: true } },
        },
      ]);
      expect((await store.readEvents({ sinceSeq: seqs[0]! })).map((event) => event.seq)).toEqual(
        seqs.slice(1),
      );
      expect((await store.readEvents({ sinceSeq: seqs[0]!, limit: 1 })).map((event) => event.seq)).toEqual([
        seqs[1],
      ]);
      expect(await store.readEvents({ sinceSeq: seqs[2]! })).toEqual([]);
    });

    it("gives concurrent appends distinct, increasing seqs", async () => {
      const store = await openFresh();

      const seqs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.appendEvent({ at: T0, type: "Tick", payload: { i } })),
      );

      expect(new Set(seqs).size).toBe(20);
      const read = await store.readEvents({ sinceSeq: 0 });
      expect(read.map((event) => event.seq)).toEqual([...seqs].sort((a, b) => a - b));
    });

    it("commits the journal append and its projections together", async () => {
      const store = await openFresh();

      const seq = await store.transaction(async (tx) => {
        const appended = await tx.appendEvent({ at: T0, type: "IncidentOpened", payload: { id: "inc-1" } });
        await tx.upsertIncidents([buildIncident()]);
        return appended;
      });

      expect(await store.lastSeq()).toBe(seq);
      expect(await store.getIncident("inc-1")).toEqual(buildIncident());
    });

    it("rolls everything back when the transaction fails", async () => {
      const store = await openFresh();
      const failure = new Error("executor exploded");

      await expect(
        store.transaction(async (tx) => {
          await tx.appendEvent({ at: T0, type: "IncidentOpened", payload: {} });
          await tx.upsertIncidents([buildIncident()]);
          await tx.recordActionIntent(buildIntent());
          await tx.upsertKnowledge([knowledgeRow()]);
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await store.lastSeq()).toBe(0);
      expect(await store.readEvents({ sinceSeq: 0 })).toEqual([]);
      expect(await store.getIncident("inc-1")).toBeUndefined();
      expect(await store.listActionsWithoutOutcome()).toEqual([]);
      expect(await store.listKnowledge()).toEqual([]);
    });

    it("upserts incidents and lists them by state, newest first", async () => {
      const store = await openFresh();
      await store.upsertIncidents([buildIncident({ id: "a", openedAt: T0 })]);
      await store.upsertIncidents([buildIncident({ id: "b", openedAt: T0 + 10 })]);
      await store.upsertIncidents([buildIncident({ id: "c", openedAt: T0 + 10 })]);
      await store.upsertIncidents([buildIncident({ id: "d", openedAt: T0 + 5, state: "resolved" })]);
      const escalated = buildIncident({
        id: "a",
        state: "escalated",
        status: "RED",
        strike: 3,
        updatedAt: T0 + 20,
        acknowledgedAt: T0 + 21,
        acknowledgedBy: "alice",
      });

      await store.upsertIncidents([escalated]);

      expect(await store.getIncident("a")).toEqual(escalated);
      expect(await store.getIncident("missing")).toBeUndefined();
      expect((await store.listIncidents()).map((incident) => incident.id)).toEqual(["c", "b", "d", "a"]);
      expect((await store.listIncidents({ state: "open" })).map((incident) => incident.id)).toEqual([
        "c",
        "b",
      ]);
      expect((await store.listIncidents({ limit: 1 })).map((incident) => incident.id)).toEqual(["c"]);
    });

    it("writes incidents and escalations in batches larger than one statement takes, each row whole", async () => {
      const store = await openFresh();
      const ids = Array.from({ length: 1201 }, (_, i) => `inc-${String(i).padStart(4, "0")}`);
      await store.upsertIncidents(ids.slice(0, 600).map((id) => buildIncident({ id, openedAt: T0 })));
      const changed = ids.map((id) =>
        buildIncident({ id, openedAt: T0, state: "escalated", status: "RED", strike: 3, detail: { id } }),
      );
      await store.upsertIncidents(changed);
      await store.insertEscalations(
        ids.map((id) => ({
          id: `${id}.esc`,
          incidentId: id,
          at: T0,
          reason: "strikes_exhausted",
          urgency: "high",
          report: { incident_id: id },
        })),
      );

      const listed = await store.listIncidents();
      expect(listed).toHaveLength(ids.length);
      expect(await store.getIncident("inc-0599")).toEqual(changed[599]);
      expect(await store.getIncident("inc-1200")).toEqual(changed[1200]);
      const escalations = await store.listEscalations();
      expect(escalations).toHaveLength(ids.length);
      expect(await store.getEscalation("inc-0700.esc")).toMatchObject({
        incidentId: "inc-0700",
        report: { incident_id: "inc-0700" },
        delivered: false,
      });
      await store.upsertIncidents([]);
      await store.insertEscalations([]);
      expect(await store.listIncidents()).toHaveLength(ids.length);
    });

    it("lists the incidents resolved since a time, oldest resolution first", async () => {
      const store = await openFresh();
      const resolved = (id: string, resolvedAt: number) =>
        buildIncident({ id, state: "resolved", status: "GREEN", resolvedAt, resolution: "remedied" });
      await store.upsertIncidents([resolved("early", T0 + 1)]);
      await store.upsertIncidents([resolved("late", T0 + 30)]);
      await store.upsertIncidents([resolved("middle", T0 + 20)]);
      await store.upsertIncidents([buildIncident({ id: "live" })]);

      const since = await store.listIncidentsResolvedSince(T0 + 20);

      expect(since.map((incident) => incident.id)).toEqual(["middle", "late"]);
      expect(since[0]?.resolvedAt).toBe(T0 + 20);
    });

    it("keeps reports whole and lists them newest first", async () => {
      const store = await openFresh();
      const report = (id: string, generatedAt: number) => ({
        id,
        name: "daily",
        generatedAt,
        report: { id, dashboard: { auto_resolved: 1, success_rate: null } },
      });
      await store.insertReport(report("r1", T0));
      await store.insertReport(report("r3", T0 + 20));
      await store.insertReport(report("r2", T0 + 10));

      expect(await store.getReport("r2")).toEqual(report("r2", T0 + 10));
      expect(await store.getReport("missing")).toBeUndefined();
      expect((await store.listReports()).map((row) => row.id)).toEqual(["r3", "r2", "r1"]);
      expect((await store.listReports({ limit: 1 })).map((row) => row.id)).toEqual(["r3"]);
    });

    it("pages the newest-first listing after a given incident, ties on openedAt broken by id", async () => {
      const store = await openFresh();
      const opened = { a: T0, b: T0 + 10, c: T0 + 10, d: T0 + 5, e: T0 + 10 };
      for (const [id, openedAt] of Object.entries(opened)) {
        await store.upsertIncidents([
          buildIncident({ id, openedAt, state: id === "b" ? "open" : "resolved" }),
        ]);
      }
      const idsAfter = async (filter: Parameters<Store["listIncidents"]>[0]) =>
        (await store.listIncidents(filter)).map((incident) => incident.id);

      expect(await idsAfter({})).toEqual(["e", "c", "b", "d", "a"]);
      expect(await idsAfter({ limit: 2, after: { openedAt: T0 + 10, id: "c" } })).toEqual(["b", "d"]);
      expect(await idsAfter({ after: { openedAt: T0 + 5, id: "d" } })).toEqual(["a"]);
      expect(await idsAfter({ state: "resolved", after: { openedAt: T0 + 10, id: "e" } })).toEqual([
        "c",
        "d",
        "a",
      ]);
      expect(await idsAfter({ after: { openedAt: T0, id: "a" } })).toEqual([]);
    });

    it("keeps an incident's whole JSON and finds the rows written without it", async () => {
      const store = await openFresh();
      const detail = {
        id: "x",
        actions: [{ actionId: "x.001", outcome: "succeeded", exitCode: 0 }],
        timeline: [{ at: T0, kind: "resolved", message: "verified clear", dprId: "P.S.O.T.20000.001" }],
        clearSince: null,
      };
      await store.upsertIncidents([buildIncident({ id: "x", detail })]);
      await store.upsertIncidents([buildIncident({ id: "old-1", detail: null })]);
      await store.upsertIncidents([buildIncident({ id: "old-2", detail: null })]);

      expect((await store.getIncident("x"))?.detail).toEqual(detail);
      expect((await store.getIncident("old-1"))?.detail).toBeNull();
      expect((await store.listIncidentIdsWithoutDetail()).sort()).toEqual(["old-1", "old-2"]);

      await store.upsertIncidents([
        buildIncident({ id: "old-1", state: "resolved", detail: { id: "old-1" } }),
      ]);

      expect(await store.listIncidentIdsWithoutDetail()).toEqual(["old-2"]);
      expect(await store.getIncident("old-1")).toMatchObject({ state: "resolved", detail: { id: "old-1" } });
    });

    it("keeps knowledge rows whole per (pattern, platform, scale, solution), replacing them on upsert", async () => {
      const store = await openFresh();
      const small = knowledgeRow();
      const large = knowledgeRow({ scale: "large", tries: 1, successes: 0, lastOutcome: "failed" });

      await store.upsertKnowledge([small, large]);
      expect(await store.listKnowledge()).toEqual([large, small]);

      const trained = {
        ...small,
        tries: 4,
        successes: 3,
        meanRecoveryMs: 1234.5,
        p90RecoveryMs: 2000,
        recentRecoveryMs: [1000, 703.5, 2000],
        lastAt: T0 + 10,
        lessons: [{ at: T0 + 9, by: "ana", note: "needs 'quotes' \"ok\"", incidentId: "inc-1" }],
        provenance: "imported" as const,
      };
      await store.upsertKnowledge([trained]);
      expect(await store.listKnowledge()).toEqual([large, trained]);
    });

    it("records an action intent once, then its outcome once", async () => {
      const store = await openFresh();
      const intent = buildIntent();

      expect(await store.recordActionIntent(intent)).toEqual({ ok: true });
      expect(await store.recordActionIntent({ ...intent, startedAt: T0 + 1 })).toEqual({
        ok: false,
        error: { code: "action_exists", actionId: "act-1" },
      });
      const pending = {
        ...intent,
        state: "intent",
        finishedAt: null,
        ok: null,
        exitCode: null,
        durationMs: null,
        output: null,
      };
      expect(await store.listActionsWithoutOutcome()).toEqual([pending]);

      const outcome = {
        id: "act-1",
        finishedAt: T0 + 900,
        ok: false,
        exitCode: 3,
        durationMs: 900,
        output: "boom",
      };
      expect(await store.recordActionOutcome(outcome)).toEqual({ ok: true });
      expect(await store.recordActionOutcome({ ...outcome, ok: true })).toEqual({
        ok: false,
        error: { code: "action_not_pending", actionId: "act-1" },
      });

      expect(await store.listActionsWithoutOutcome()).toEqual([]);
      expect(await store.listActionsForIncident("inc-1")).toEqual([
        {
          ...intent,
          state: "finished",
          finishedAt: T0 + 900,
          ok: false,
          exitCode: 3,
          durationMs: 900,
          output: "boom",
        },
      ]);
    });

    it("keeps the tail of oversized output and stores a kill without exit code", async () => {
      const store = await openFresh();
      await store.recordActionIntent(buildIntent());
      const output = `${"x".repeat(ACTION_OUTPUT_MAX_CHARS)}the end`;

      await store.recordActionOutcome({
        id: "act-1",
        finishedAt: T0,
        ok: false,
        exitCode: null,
        durationMs: 1,
        output,
      });

      const [action] = await store.listActionsForIncident("inc-1");
      expect(action?.output).toHaveLength(ACTION_OUTPUT_MAX_CHARS);
      expect(action?.output?.endsWith("xthe end")).toBe(true);
      expect(action?.exitCode).toBeNull();
    });

    it("records a dry run's action finished, with what it would run, and never as pending", async () => {
      const store = await openFresh();
      expect(await store.recordDryRunAction(buildIntent())).toEqual({ ok: true });
      expect(await store.recordDryRunAction(buildIntent())).toEqual({
        ok: false,
        error: { code: "action_exists", actionId: "act-1" },
      });
      expect(await store.listActionsWithoutOutcome()).toEqual([]);
      expect(await store.listActionsForIncident("inc-1")).toEqual([
        {
          ...buildIntent(),
          state: "finished",
          finishedAt: T0,
          ok: null,
          exitCode: null,
          durationMs: 0,
          output: DRY_RUN_OUTPUT,
        },
      ]);
    });

    it("lists an incident's actions in start order and refuses an outcome after an interruption", async () => {
      const store = await openFresh();
      await store.recordActionIntent(
        buildIntent({ id: "act-2", step: 2, strike: 2, startedAt: T0 + 60_000 }),
      );
      await store.recordActionIntent(buildIntent({ id: "act-1", startedAt: T0 }));
      await store.recordActionIntent(buildIntent({ id: "other", incidentId: "inc-2" }));

      expect(await store.markActionInterrupted("act-1", T0 + 5)).toEqual({ ok: true });
      expect(await store.markActionInterrupted("act-1", T0 + 6)).toEqual({
        ok: false,
        error: { code: "action_not_pending", actionId: "act-1" },
      });
      expect(
        await store.recordActionOutcome({
          id: "act-1",
          finishedAt: T0,
          ok: true,
          exitCode: 0,
          durationMs: 1,
          output: "",
        }),
      ).toEqual({ ok: false, error: { code: "action_not_pending", actionId: "act-1" } });
      expect(await store.markActionInterrupted("missing", T0)).toEqual({
        ok: false,
        error: { code: "action_not_pending", actionId: "missing" },
      });

      const actions = await store.listActionsForIncident("inc-1");
      expect(actions.map((action) => [action.id, action.state, action.finishedAt])).toEqual([
        ["act-1", "interrupted", T0 + 5],
        ["act-2", "intent", null],
      ]);
      expect((await store.listActionsWithoutOutcome()).map((action) => action.id)).toEqual([
        "other",
        "act-2",
      ]);
    });

    if (dialect.kind === "postgres") {
      it("hides a later seq from readers until every earlier append has committed", async () => {
        const fixture = await createFixture();
        const store = await open(fixture);
        let releaseFirst = () => {};
        const firstHeld = new Promise<void>((resolve) => {
          releaseFirst = resolve;
        });
        let signalFirstAppended = () => {};
        const firstAppended = new Promise<void>((resolve) => {
          signalFirstAppended = resolve;
        });
        const first = store.transaction(async (tx) => {
          await tx.appendEvent({ at: T0, type: "First", payload: {} });
          signalFirstAppended();
          await firstHeld;
        });
        await firstAppended;

        const second = store.appendEvent({ at: T0, type: "Second", payload: {} });
        await waitUntilEventsLockIsAwaited(fixture);
        const visibleWhileFirstOpen = await store.readEvents({ sinceSeq: 0 });
        releaseFirst();
        await Promise.all([first, second]);

        expect(visibleWhileFirstOpen).toEqual([]);
        expect((await store.readEvents({ sinceSeq: 0 })).map((event) => event.type)).toEqual([
          "First",
          "Second",
        ]);
      });

      it("holds a takeover back until a transaction that checked its epoch commits, then fences it", async () => {
        const fixture = await createFixture();
        const oldLeader = await open(fixture);
        const newLeader = await open(fixture);
        const epoch = await oldLeader.takeLeadership("node-a", T0);
        let commit = () => {};
        const isCommitted = new Promise<void>((resolve) => {
          commit = resolve;
        });
        let signalChecked = () => {};
        const isChecked = new Promise<void>((resolve) => {
          signalChecked = resolve;
        });
        const intent = oldLeader.transaction(async (tx) => {
          expect(await tx.holdsEpoch(epoch)).toBe(true);
          signalChecked();
          await isCommitted;
          return tx.recordActionIntent(buildIntent({ id: "inc-1.001", epoch }));
        });
        await isChecked;

        const takeover = newLeader.takeLeadership("node-b", T0 + 1);
        await waitUntilLeadershipLockIsAwaited(fixture);
        commit();

        expect(await intent).toEqual({ ok: true });
        expect(await takeover).toBe(epoch + 1);
        // The new leader sees the intent the old one committed, and the old one's next check fails.
        expect((await newLeader.listActionsWithoutOutcome()).map((action) => action.id)).toEqual([
          "inc-1.001",
        ]);
        expect(await oldLeader.transaction((tx) => tx.holdsEpoch(epoch))).toBe(false);
      });
    }

    it("finds an intent without outcome after the writer died without closing", async () => {
      const fixture = await createFixture();
      const crashed = await open(fixture);
      await crashed.transaction(async (tx) => {
        await tx.appendEvent({ at: T0, type: "RemedyStarted", payload: { actionId: "act-1" } });
        await tx.recordActionIntent(buildIntent());
      });

      // The first handle is never closed before the restart reads the same database.
      const restarted = await open(fixture);

      expect((await restarted.listActionsWithoutOutcome()).map((action) => action.id)).toEqual(["act-1"]);
      expect(await restarted.recordActionIntent(buildIntent())).toMatchObject({ ok: false });
      expect(await restarted.markActionInterrupted("act-1", T0 + 1)).toEqual({ ok: true });
      expect(await restarted.listActionsWithoutOutcome()).toEqual([]);
      expect((await restarted.readEvents({ sinceSeq: 0 })).map((event) => event.type)).toEqual([
        "RemedyStarted",
      ]);
    });

    it("finds an intent without outcome after the writer process was killed", {
      timeout: 30_000,
    }, async () => {
      const fixture = await createFixture();

      await recordIntentThenKill(fixture.options, buildIntent());

      const restarted = await open(fixture);
      expect((await restarted.listActionsWithoutOutcome()).map((action) => action.id)).toEqual(["act-1"]);
      expect((await restarted.readEvents({ sinceSeq: 0 })).map((event) => event.type)).toEqual([
        "RemedyStarted",
      ]);
    });

    it("keeps the newest checkpoints, and reads one back by seq as written", async () => {
      const store = await openFresh();
      for (const seq of [3, 7, 5])
        await store.saveCheckpoint({ seq, at: T0 + seq, body: `{"seq":${seq}}`, baseSeq: null }, 2);

      expect(await store.listCheckpoints()).toEqual([
        { seq: 7, at: T0 + 7, bytes: 9, baseSeq: null },
        { seq: 5, at: T0 + 5, bytes: 9, baseSeq: null },
      ]);
      expect(await store.readCheckpoint(7)).toEqual({ seq: 7, at: T0 + 7, body: '{"seq":7}', baseSeq: null });
      expect(await store.readCheckpoint(3)).toBeUndefined();
    });

    it("keeps one incremental checkpoint, not counted among the full ones, until the next full one", async () => {
      const store = await openFresh();
      const save = (seq: number, baseSeq: number | null) =>
        store.saveCheckpoint({ seq, at: T0 + seq, body: "{}", baseSeq }, 2);
      await save(10, null);
      await save(20, null);
      await save(25, 20);
      await save(30, 20);
      expect((await store.listCheckpoints()).map(({ seq, baseSeq }) => ({ seq, baseSeq }))).toEqual([
        { seq: 30, baseSeq: 20 },
        { seq: 20, baseSeq: null },
        { seq: 10, baseSeq: null },
      ]);
      expect(await store.readCheckpoint(30)).toMatchObject({ baseSeq: 20 });
      await save(40, null);
      expect((await store.listCheckpoints()).map(({ seq }) => seq)).toEqual([40, 20]);
    });

    it("deletes journal rows only at or before a seq and older than a time", async () => {
      const store = await openFresh();
      for (const at of [T0, T0 + 1, T0 + 2, T0 + 3])
        await store.appendEvent({ at, type: "Tick", payload: {} });

      expect(await store.deleteEventsThrough(3, T0 + 2)).toBe(2);

      expect((await store.readEvents({ sinceSeq: 0 })).map((row) => row.seq)).toEqual([3, 4]);
      await store.appendEvent({ at: T0 + 4, type: "Tick", payload: {} });
      expect(await store.lastSeq()).toBe(5);
    });

    it("deletes incidents resolved before a time with their actions and escalations, and nothing live", async () => {
      const store = await openFresh();
      const resolved = { state: "resolved", status: "GREEN", resolution: "remedied" } as const;
      await store.upsertIncidents([buildIncident({ id: "inc-1", ...resolved, resolvedAt: T0 })]);
      await store.upsertIncidents([buildIncident({ id: "inc-2", ...resolved, resolvedAt: T0 + 10 })]);
      await store.upsertIncidents([buildIncident({ id: "inc-3", openedAt: T0 - 10 })]);
      for (const id of ["inc-1", "inc-2"]) {
        await store.recordActionIntent(buildIntent({ id: `act-${id}`, incidentId: id }));
        await store.insertEscalations([
          {
            id: `e-${id}`,
            incidentId: id,
            at: T0,
            reason: "strikes_exhausted",
            urgency: "high",
            report: {},
          },
        ]);
      }

      expect(await store.deleteIncidentsResolvedBefore(T0 + 5)).toBe(1);

      expect((await store.listIncidents()).map((row) => row.id).sort()).toEqual(["inc-2", "inc-3"]);
      expect(await store.listActionsForIncident("inc-1")).toEqual([]);
      expect(await store.listActionsForIncident("inc-2")).toHaveLength(1);
      expect((await store.listEscalations()).map((row) => row.id)).toEqual(["e-inc-2"]);
    });

    it("stores escalations newest first with their delivery state", async () => {
      const store = await openFresh();
      const report = { urgency: "high", services: ["shop"], attempted: ["service_restart"] };
      await store.insertEscalations([
        {
          id: "e1",
          incidentId: "inc-1",
          at: T0,
          reason: "strikes_exhausted",
          urgency: "high",
          report,
        },
      ]);
      await store.insertEscalations([
        {
          id: "e2",
          incidentId: "inc-2",
          at: T0 + 1,
          reason: "strikes_exhausted",
          urgency: "low",
          report,
        },
      ]);

      await store.markEscalationFailed("e1", "webhook returned 502");
      await store.markEscalationDelivered("e2");

      const escalations = await store.listEscalations();
      expect(escalations.map((e) => [e.id, e.delivered, e.deliveryError])).toEqual([
        ["e2", true, null],
        ["e1", false, "webhook returned 502"],
      ]);
      expect(escalations[1]?.report).toEqual(report);
      await store.markEscalationDelivered("e1");
      expect((await store.listEscalations({ limit: 1 })).map((e) => e.id)).toEqual(["e2"]);
      expect((await store.listEscalations()).map((e) => e.delivered)).toEqual([true, true]);
      expect(await store.getEscalation("e1")).toMatchObject({ id: "e1", incidentId: "inc-1", report });
      expect(await store.getEscalation("e3")).toBeUndefined();
    });

    it("upserts services and lists them by name", async () => {
      const store = await openFresh();
      await store.upsertService({
        name: "web",
        platform: "docker",
        isDiscovered: true,
        status: "GREEN",
        updatedAt: T0,
      });
      await store.upsertService({
        name: "api",
        platform: "systemd",
        isDiscovered: false,
        status: "GREEN",
        updatedAt: T0,
      });

      await store.upsertService({
        name: "web",
        platform: "docker",
        isDiscovered: true,
        status: "RED",
        updatedAt: T0 + 1,
      });

      expect(await store.listServices()).toEqual([
        { name: "api", platform: "systemd", isDiscovered: false, status: "GREEN", updatedAt: T0 },
        { name: "web", platform: "docker", isDiscovered: true, status: "RED", updatedAt: T0 + 1 },
      ]);
    });

    it("saves a rule group's alert for-state by labels in any key order, and the group's evaluation time", async () => {
      const store = await openFresh();
      const api = { file: "/etc/orbt/rules.yml", name: "api" };
      const web = { file: "/etc/orbt/web.yml", name: "api" };
      const a = { alertname: "Slow", instance: "a" };
      const b = { alertname: "Slow", instance: "b" };
      await store.saveAlertForState({
        group: api,
        evaluatedAt: T0,
        upserts: [
          { labels: { instance: "a", alertname: "Slow" }, activeAt: T0 - 5_000 },
          { labels: b, activeAt: T0 - 1_000 },
        ],
        deletes: [],
      });
      await store.saveAlertForState({
        group: web,
        evaluatedAt: T0,
        upserts: [{ labels: a, activeAt: T0 }],
        deletes: [],
      });
      await store.transaction((tx) =>
        tx.saveAlertForState({
          group: api,
          evaluatedAt: T0 + 1_000,
          upserts: [{ labels: a, activeAt: T0 - 2_000 }],
          deletes: [{ instance: "b", alertname: "Slow" }],
        }),
      );

      expect(await store.listAlertForState()).toEqual([
        { group: api, lastEvaluatedAt: T0 + 1_000, alerts: [{ labels: a, activeAt: T0 - 2_000 }] },
        { group: web, lastEvaluatedAt: T0, alerts: [{ labels: a, activeAt: T0 }] },
      ]);

      await store.forgetAlertForState(api);
      expect((await store.listAlertForState()).map((saved) => saved.group)).toEqual([web]);
    });

    it("saves and deletes more alert for-states than one statement takes", async () => {
      const store = await openFresh();
      const group = { file: "rules.yml", name: "many" };
      const labels = (i: number) => ({ alertname: "Many", instance: String(i).padStart(4, "0") });
      const all = Array.from({ length: 1_200 }, (_, i) => ({ labels: labels(i), activeAt: T0 + i }));
      await store.saveAlertForState({ group, evaluatedAt: T0, upserts: all, deletes: [] });
      await store.saveAlertForState({
        group,
        evaluatedAt: T0 + 1,
        upserts: [],
        deletes: all.slice(0, 1_100).map((alert) => alert.labels),
      });

      const [saved] = await store.listAlertForState();
      expect(saved?.alerts).toEqual(all.slice(1_100));
    });
  });
}

function knowledgeRow(fields: Partial<KnowledgeEntry> = {}): KnowledgeEntry {
  const coordinates = {
    pattern: "uptime_problems",
    solution: "service_restart",
    platform: "systemd",
    scale: "small",
  } as const;
  return {
    ...emptyKnowledgeEntry(coordinates, "learned"),
    tries: 2,
    successes: 1,
    meanRecoveryMs: 1500,
    p90RecoveryMs: 1500,
    recentRecoveryMs: [1500],
    lastOutcome: "succeeded",
    lastAt: T0,
    ...fields,
  };
}
