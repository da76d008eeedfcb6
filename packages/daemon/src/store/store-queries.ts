import {
  DrillOutcome,
  type EscalationReason,
  type IncidentState,
  KnowledgeEntry,
  type Labels,
  type Platform,
  type Resolution,
  type ServiceStatus,
  type UrgencyLevel,
} from "@orbt/core";
import { type Kysely, type Selectable, sql } from "kysely";
import { createCheckpointQueries } from "./checkpoint-queries.js";
import { createFleetQueries } from "./fleet-queries.js";
import { inChunks } from "./in-chunks.js";
import { createLeadershipQueries } from "./leadership-queries.js";
import { listedAfter } from "./listed-after.js";
import { createNotificationQueueQueries } from "./notification-queue-queries.js";
import type {
  ActionIntent,
  ActionRecord,
  ActionState,
  ActionWriteResult,
  AlertForState,
  DrillRecord,
  EscalationRecord,
  IncidentRecord,
  JsonValue,
  ReportRecord,
  RuleGroupForState,
  ServiceRecord,
  StoreKind,
  StoreQueries,
} from "./store.js";
import type { StoreSchema } from "./store-schema.js";

/** Executor output is kept for the operator, not as a log archive. */
export const ACTION_OUTPUT_MAX_CHARS = 64 * 1024;

// The tail is kept: a failing command explains itself last.
function capOutput(output: string): string {
  return output.length <= ACTION_OUTPUT_MAX_CHARS ? output : output.slice(-ACTION_OUTPUT_MAX_CHARS);
}

/** What a dry run's action row says instead of an executor's output. */
export const DRY_RUN_OUTPUT = "dry run: would run, not executed";

function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

function toIncident(row: Selectable<StoreSchema["incidents"]>): IncidentRecord {
  return {
    ...row,
    state: row.state as IncidentState,
    status: row.status as ServiceStatus,
    resolution: row.resolution as Resolution | null,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as JsonValue),
  };
}

function toDrill(row: Selectable<StoreSchema["drills"]>): DrillRecord {
  return {
    ...row,
    startedAt: Number(row.startedAt),
    outcome: DrillOutcome.parse(row.outcome),
    drill: JSON.parse(row.drill) as JsonValue,
  };
}

function toReport(row: Selectable<StoreSchema["reports"]>): ReportRecord {
  return { ...row, generatedAt: Number(row.generatedAt), report: JSON.parse(row.report) as JsonValue };
}

function toAction(row: Selectable<StoreSchema["actions"]>): ActionRecord {
  return {
    ...row,
    argv: JSON.parse(row.argv) as string[],
    target: JSON.parse(row.target) as JsonValue,
    state: row.state as ActionState,
    ok: row.ok === null ? null : row.ok === 1,
  };
}

function toKnowledge(row: Selectable<StoreSchema["knowledge"]>): KnowledgeEntry {
  return KnowledgeEntry.parse({
    ...row,
    lastAt: row.lastAt === null ? null : Number(row.lastAt),
    recentRecoveryMs: JSON.parse(row.recentRecoveryMs),
    lessons: JSON.parse(row.lessons),
  });
}

function toKnowledgeRow(entry: KnowledgeEntry): Selectable<StoreSchema["knowledge"]> {
  return {
    ...entry,
    recentRecoveryMs: JSON.stringify(entry.recentRecoveryMs),
    lessons: JSON.stringify(entry.lessons),
  };
}

function toEscalation(row: Selectable<StoreSchema["escalations"]>): EscalationRecord {
  return {
    ...row,
    reason: row.reason as EscalationReason,
    urgency: row.urgency as UrgencyLevel,
    report: JSON.parse(row.report) as JsonValue,
    delivered: row.delivered === 1,
  };
}

function toService(row: Selectable<StoreSchema["services"]>): ServiceRecord {
  const { discovered, ...rest } = row;
  return {
    ...rest,
    platform: row.platform as Platform,
    status: row.status as ServiceStatus,
    isDiscovered: discovered === 1,
  };
}

/** Sorted keys: the same label set is always the same text, so it can key a row. */
function encodeLabels(labels: Labels): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  );
}

/** Queries over `db`, which may be a transaction: the caller decides what commits together. */
export function createStoreQueries(db: Kysely<StoreSchema>, kind: StoreKind): StoreQueries {
  /** `action_exists` when a row with its id, or its incident and step, is there already: it was recorded once. */
  async function insertAction(
    intent: ActionIntent,
    progress: Omit<Selectable<StoreSchema["actions"]>, keyof ActionIntent>,
  ): Promise<ActionWriteResult> {
    const result = await db
      .insertInto("actions")
      .values({
        ...intent,
        argv: JSON.stringify(intent.argv),
        target: JSON.stringify(intent.target),
        ...progress,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    return result.numInsertedOrUpdatedRows === 0n
      ? { ok: false, error: { code: "action_exists", actionId: intent.id } }
      : { ok: true };
  }

  return {
    ...createNotificationQueueQueries(db),
    ...createFleetQueries(db),
    ...createLeadershipQueries(db, kind),
    ...createCheckpointQueries(db),

    async appendEvent({ at, type, payload }) {
      if (kind === "postgres") {
        // Sequence values are taken before commit; serialising appenders until commit keeps commit order
        // equal to seq order, so a reader resuming after seq N never skips a late-committing N-1.
        // EXCLUSIVE still lets readers in, and is scoped to this schema's table, unlike an advisory key.
        await sql`lock table ${sql.table("events")} in exclusive mode`.execute(db);
      }
      const row = await db
        .insertInto("events")
        .values({ at, type, payload: JSON.stringify(payload) })
        .returning("seq")
        .executeTakeFirstOrThrow();
      return row.seq;
    },

    async readEvents({ sinceSeq, limit }) {
      let query = db.selectFrom("events").selectAll().where("seq", ">", sinceSeq).orderBy("seq");
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown }));
    },

    async lastSeq() {
      const row = await db
        .selectFrom("events")
        .select("seq")
        .orderBy("seq", "desc")
        .limit(1)
        .executeTakeFirst();
      return row?.seq ?? 0;
    },

    async upsertIncidents(incidents) {
      for (const chunk of inChunks(incidents)) {
        await db
          .insertInto("incidents")
          .values(
            chunk.map((incident) => ({
              ...incident,
              detail: incident.detail === null ? null : JSON.stringify(incident.detail),
            })),
          )
          .onConflict((conflict) =>
            conflict.column("id").doUpdateSet((eb) => ({
              service: eb.ref("excluded.service"),
              pattern: eb.ref("excluded.pattern"),
              symptom: eb.ref("excluded.symptom"),
              state: eb.ref("excluded.state"),
              status: eb.ref("excluded.status"),
              strike: eb.ref("excluded.strike"),
              openedAt: eb.ref("excluded.openedAt"),
              updatedAt: eb.ref("excluded.updatedAt"),
              resolvedAt: eb.ref("excluded.resolvedAt"),
              resolution: eb.ref("excluded.resolution"),
              acknowledgedAt: eb.ref("excluded.acknowledgedAt"),
              acknowledgedBy: eb.ref("excluded.acknowledgedBy"),
              detail: eb.ref("excluded.detail"),
            })),
          )
          .execute();
      }
    },

    async getIncident(id) {
      const row = await db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : toIncident(row);
    },

    async listIncidents(filter = {}) {
      let query = db.selectFrom("incidents").selectAll().orderBy("openedAt", "desc").orderBy("id", "desc");
      if (filter.state !== undefined) query = query.where("state", "=", filter.state);
      if (filter.after !== undefined) query = query.where(listedAfter(filter.after));
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      return (await query.execute()).map(toIncident);
    },

    async listIncidentsResolvedSince(since) {
      const rows = await db
        .selectFrom("incidents")
        .selectAll()
        .where("state", "=", "resolved")
        .where("resolvedAt", ">=", since)
        .orderBy("resolvedAt")
        .execute();
      return rows.map(toIncident);
    },

    async listIncidentIdsWithoutDetail() {
      const rows = await db.selectFrom("incidents").select("id").where("detail", "is", null).execute();
      return rows.map((row) => row.id);
    },

    async recordActionIntent(intent) {
      return insertAction(intent, {
        state: "intent",
        finishedAt: null,
        ok: null,
        exitCode: null,
        durationMs: null,
        output: null,
      });
    },

    async recordDryRunAction(intent) {
      return insertAction(intent, {
        state: "finished",
        finishedAt: intent.startedAt,
        ok: null,
        exitCode: null,
        durationMs: 0,
        output: DRY_RUN_OUTPUT,
      });
    },

    async recordActionOutcome(outcome) {
      const result = await db
        .updateTable("actions")
        .set({
          state: "finished",
          finishedAt: outcome.finishedAt,
          ok: toFlag(outcome.ok),
          exitCode: outcome.exitCode,
          durationMs: outcome.durationMs,
          output: capOutput(outcome.output),
        })
        .where("id", "=", outcome.id)
        .where("state", "=", "intent")
        .executeTakeFirst();
      return pendingActionResult(result.numUpdatedRows, outcome.id);
    },

    async markActionInterrupted(id, at) {
      const result = await db
        .updateTable("actions")
        .set({ state: "interrupted", finishedAt: at })
        .where("id", "=", id)
        .where("state", "=", "intent")
        .executeTakeFirst();
      return pendingActionResult(result.numUpdatedRows, id);
    },

    async listActionsWithoutOutcome() {
      const rows = await db
        .selectFrom("actions")
        .selectAll()
        .where("state", "=", "intent")
        .orderBy("startedAt")
        .orderBy("id")
        .execute();
      return rows.map(toAction);
    },

    async listActionsForIncident(incidentId) {
      const rows = await db
        .selectFrom("actions")
        .selectAll()
        .where("incidentId", "=", incidentId)
        .orderBy("startedAt")
        .orderBy("id")
        .execute();
      return rows.map(toAction);
    },

    async upsertKnowledge(entries) {
      for (const chunk of inChunks(entries)) {
        await db
          .insertInto("knowledge")
          .values(chunk.map(toKnowledgeRow))
          .onConflict((conflict) =>
            conflict.columns(["pattern", "platform", "scale", "solution"]).doUpdateSet((eb) => ({
              tries: eb.ref("excluded.tries"),
              successes: eb.ref("excluded.successes"),
              meanRecoveryMs: eb.ref("excluded.meanRecoveryMs"),
              p90RecoveryMs: eb.ref("excluded.p90RecoveryMs"),
              recentRecoveryMs: eb.ref("excluded.recentRecoveryMs"),
              lastOutcome: eb.ref("excluded.lastOutcome"),
              lastAt: eb.ref("excluded.lastAt"),
              lessons: eb.ref("excluded.lessons"),
              provenance: eb.ref("excluded.provenance"),
            })),
          )
          .execute();
      }
    },

    async listKnowledge() {
      const rows = await db
        .selectFrom("knowledge")
        .selectAll()
        .orderBy("pattern")
        .orderBy("platform")
        .orderBy("scale")
        .orderBy("solution")
        .execute();
      return rows.map(toKnowledge);
    },

    async insertEscalations(escalations) {
      for (const chunk of inChunks(escalations)) {
        await db
          .insertInto("escalations")
          .values(
            chunk.map((escalation) => ({
              ...escalation,
              report: JSON.stringify(escalation.report),
              delivered: 0,
              deliveryError: null,
            })),
          )
          .execute();
      }
    },

    async markEscalationDelivered(id) {
      await db
        .updateTable("escalations")
        .set({ delivered: 1, deliveryError: null })
        .where("id", "=", id)
        .execute();
    },

    async markEscalationFailed(id, deliveryError) {
      await db
        .updateTable("escalations")
        .set({ deliveryError })
        .where("id", "=", id)
        .where("delivered", "=", 0)
        .execute();
    },

    async listEscalations(filter = {}) {
      let query = db.selectFrom("escalations").selectAll().orderBy("at", "desc").orderBy("id", "desc");
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      return (await query.execute()).map(toEscalation);
    },

    async getEscalation(id) {
      const row = await db.selectFrom("escalations").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : toEscalation(row);
    },

    async insertReport(report) {
      await db
        .insertInto("reports")
        .values({ ...report, report: JSON.stringify(report.report) })
        .execute();
    },

    async getReport(id) {
      const row = await db.selectFrom("reports").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : toReport(row);
    },

    async listReports(filter = {}) {
      let query = db.selectFrom("reports").selectAll().orderBy("generatedAt", "desc").orderBy("id", "desc");
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      return (await query.execute()).map(toReport);
    },

    async saveDrill(drill) {
      const row = { ...drill, drill: JSON.stringify(drill.drill) };
      const { id, ...changes } = row;
      await db
        .insertInto("drills")
        .values(row)
        .onConflict((conflict) => conflict.column("id").doUpdateSet(changes))
        .execute();
    },

    async getDrill(id) {
      const row = await db.selectFrom("drills").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : toDrill(row);
    },

    async listDrills(filter = {}) {
      let query = db.selectFrom("drills").selectAll().orderBy("startedAt", "desc").orderBy("id", "desc");
      if (filter.since !== undefined) query = query.where("startedAt", ">=", filter.since);
      if (filter.outcome !== undefined) query = query.where("outcome", "=", filter.outcome);
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      return (await query.execute()).map(toDrill);
    },

    async upsertService({ isDiscovered, ...service }) {
      const row = { ...service, discovered: toFlag(isDiscovered) };
      const { name, ...changes } = row;
      await db
        .insertInto("services")
        .values(row)
        .onConflict((conflict) => conflict.column("name").doUpdateSet(changes))
        .execute();
    },

    async listServices() {
      const rows = await db.selectFrom("services").selectAll().orderBy("name").execute();
      return rows.map(toService);
    },

    async saveAlertForState({ group, evaluatedAt, upserts, deletes }) {
      const key = { groupFile: group.file, groupName: group.name };
      await db
        .insertInto("ruleGroupEvaluations")
        .values({ ...key, lastEvaluatedAt: evaluatedAt })
        .onConflict((conflict) =>
          conflict.columns(["groupFile", "groupName"]).doUpdateSet({ lastEvaluatedAt: evaluatedAt }),
        )
        .execute();
      for (const chunk of inChunks(upserts)) {
        await db
          .insertInto("alertForState")
          .values(
            chunk.map((alert) => ({ ...key, labels: encodeLabels(alert.labels), activeAt: alert.activeAt })),
          )
          .onConflict((conflict) =>
            conflict
              .columns(["groupFile", "groupName", "labels"])
              .doUpdateSet((eb) => ({ activeAt: eb.ref("excluded.activeAt") })),
          )
          .execute();
      }
      for (const chunk of inChunks(deletes)) {
        await db
          .deleteFrom("alertForState")
          .where("groupFile", "=", group.file)
          .where("groupName", "=", group.name)
          .where("labels", "in", chunk.map(encodeLabels))
          .execute();
      }
    },

    async forgetAlertForState(group) {
      for (const table of ["alertForState", "ruleGroupEvaluations"] as const) {
        await db
          .deleteFrom(table)
          .where("groupFile", "=", group.file)
          .where("groupName", "=", group.name)
          .execute();
      }
    },

    async listAlertForState() {
      const groups = await db
        .selectFrom("ruleGroupEvaluations")
        .selectAll()
        .orderBy("groupFile")
        .orderBy("groupName")
        .execute();
      const alerts = await db
        .selectFrom("alertForState")
        .selectAll()
        .orderBy("groupFile")
        .orderBy("groupName")
        .orderBy("labels")
        .execute();
      const byGroup = new Map<string, AlertForState[]>();
      for (const row of alerts) {
        const key = JSON.stringify([row.groupFile, row.groupName]);
        const list = byGroup.get(key) ?? [];
        list.push({ labels: JSON.parse(row.labels) as Labels, activeAt: row.activeAt });
        byGroup.set(key, list);
      }
      return groups.map(
        (row): RuleGroupForState => ({
          group: { file: row.groupFile, name: row.groupName },
          lastEvaluatedAt: row.lastEvaluatedAt,
          alerts: byGroup.get(JSON.stringify([row.groupFile, row.groupName])) ?? [],
        }),
      );
    },
  };
}

function pendingActionResult(updatedRows: bigint, actionId: string): ActionWriteResult {
  return updatedRows === 0n ? { ok: false, error: { code: "action_not_pending", actionId } } : { ok: true };
}
