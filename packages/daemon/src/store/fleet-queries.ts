import {
  assertNever,
  HostEscalation,
  HostRecord,
  Incident,
  knowledgeKey,
  type ServiceStatus,
} from "@orbt/core";
import { type Insertable, type Kysely, sql } from "kysely";
import { z } from "zod";
import { inChunks } from "./in-chunks.js";
import { listedAfter } from "./listed-after.js";
import type { StoreQueries } from "./store.js";
import type { StoreSchema } from "./store-schema.js";

type FleetQueries = Pick<
  StoreQueries,
  | "appendOutbox"
  | "listOutbox"
  | "ackOutbox"
  | "countOutbox"
  | "fleetLastSeqs"
  | "applyHostBatches"
  | "listFleetHosts"
  | "listHostIncidents"
  | "getHostIncident"
  | "listFleetIncidents"
  | "listHostEscalations"
>;

const HostRecords = z.array(HostRecord);

/** Hosts per `in (…)` list, well under SQLite's and Postgres's bound-parameter limits. */
const HOSTS_PER_STATEMENT = 500;

type Row<T extends keyof StoreSchema> = Insertable<StoreSchema[T]>;

/** A host's outbox and a central daemon's record of its hosts, over `db`, which may be a transaction. */
export function createFleetQueries(db: Kysely<StoreSchema>): FleetQueries {
  return {
    async appendOutbox({ at, records }) {
      const last = await db
        .selectFrom("upstreamOutbox")
        .select("seq")
        .orderBy("seq", "desc")
        .limit(1)
        .executeTakeFirst();
      // Numbered here, not by a database sequence, which Postgres advances even for rolled-back rows:
      // the central daemon reads a gap as a lost message.
      const seq = Number(last?.seq ?? 0) + 1;
      await db
        .insertInto("upstreamOutbox")
        .values({ seq, at, records: JSON.stringify(records), ackedAt: null })
        .execute();
      return seq;
    },

    async listOutbox(limit) {
      const rows = await db
        .selectFrom("upstreamOutbox")
        .selectAll()
        .where("ackedAt", "is", null)
        .orderBy("seq")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        seq: Number(row.seq),
        at: Number(row.at),
        records: HostRecords.parse(JSON.parse(row.records)),
      }));
    },

    async ackOutbox(throughSeq, at) {
      await db.deleteFrom("upstreamOutbox").where("seq", "<", throughSeq).execute();
      await db
        .updateTable("upstreamOutbox")
        .set({ ackedAt: at })
        .where("seq", "=", throughSeq)
        .where("ackedAt", "is", null)
        .execute();
    },

    async countOutbox() {
      const row = await db
        .selectFrom("upstreamOutbox")
        .select((eb) => eb.fn.countAll<number | string>().as("count"))
        .where("ackedAt", "is", null)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async fleetLastSeqs(hosts) {
      const lastSeqs = new Map(hosts.map((host) => [host, 0]));
      for (let i = 0; i < hosts.length; i += HOSTS_PER_STATEMENT) {
        const rows = await db
          .selectFrom("fleetHosts")
          .select(["host", "lastSeq"])
          .where("host", "in", hosts.slice(i, i + HOSTS_PER_STATEMENT))
          .execute();
        for (const row of rows) lastSeqs.set(row.host, Number(row.lastSeq));
      }
      return lastSeqs;
    },

    async applyHostBatches(batches, at) {
      // One row per key, the latest record's (an escalation's first), so each insert touches a row once.
      const incidents = new Map<string, Row<"fleetIncidents">>();
      const escalations = new Map<string, Row<"fleetEscalations">>();
      const knowledge = new Map<string, Row<"fleetKnowledge">>();
      const services = new Map<string, Row<"fleetServices">>();
      const hosts: Row<"fleetHosts">[] = [];
      for (const { host, messages } of batches) {
        const last = messages.at(-1);
        if (last === undefined) continue;
        hosts.push({ host, lastSeq: last.seq, lastSeenAt: at });
        for (const record of messages.flatMap((message) => message.records)) {
          switch (record.kind) {
            case "incident": {
              const { incident } = record;
              incidents.set(`${host}\n${incident.id}`, {
                host,
                id: incident.id,
                state: incident.state,
                openedAt: incident.openedAt,
                detail: JSON.stringify(incident),
              });
              break;
            }
            case "escalation": {
              const key = `${host}\n${record.escalation.id}`;
              if (escalations.has(key)) break;
              escalations.set(key, {
                host,
                id: record.escalation.id,
                at: record.escalation.at,
                escalation: JSON.stringify(record.escalation),
              });
              break;
            }
            case "knowledge": {
              const key = knowledgeKey(record.entry);
              knowledge.set(`${host}\n${key}`, { host, key, entry: JSON.stringify(record.entry) });
              break;
            }
            case "service":
              services.set(`${host}\n${record.service.name}`, {
                host,
                name: record.service.name,
                status: record.service.status,
                service: JSON.stringify(record.service),
              });
              break;
            default:
              assertNever(record);
          }
        }
      }
      for (const rows of inChunks([...incidents.values()])) {
        await db
          .insertInto("fleetIncidents")
          .values(rows)
          .onConflict((conflict) =>
            conflict.columns(["host", "id"]).doUpdateSet((eb) => ({
              state: eb.ref("excluded.state"),
              detail: eb.ref("excluded.detail"),
            })),
          )
          .execute();
      }
      for (const rows of inChunks([...escalations.values()])) {
        await db
          .insertInto("fleetEscalations")
          .values(rows)
          .onConflict((conflict) => conflict.columns(["host", "id"]).doNothing())
          .execute();
      }
      for (const rows of inChunks([...knowledge.values()])) {
        await db
          .insertInto("fleetKnowledge")
          .values(rows)
          .onConflict((conflict) =>
            conflict.columns(["host", "key"]).doUpdateSet((eb) => ({ entry: eb.ref("excluded.entry") })),
          )
          .execute();
      }
      for (const rows of inChunks([...services.values()])) {
        await db
          .insertInto("fleetServices")
          .values(rows)
          .onConflict((conflict) =>
            conflict.columns(["host", "name"]).doUpdateSet((eb) => ({
              status: eb.ref("excluded.status"),
              service: eb.ref("excluded.service"),
            })),
          )
          .execute();
      }
      for (const rows of inChunks(hosts)) {
        await db
          .insertInto("fleetHosts")
          .values(rows)
          .onConflict((conflict) =>
            conflict.column("host").doUpdateSet((eb) => ({
              lastSeq: eb.ref("excluded.lastSeq"),
              lastSeenAt: eb.ref("excluded.lastSeenAt"),
            })),
          )
          .execute();
      }
    },

    async listFleetHosts() {
      const hosts = await db.selectFrom("fleetHosts").selectAll().orderBy("host").execute();
      const services = await db
        .selectFrom("fleetServices")
        .select(["host", "name", "status"])
        .orderBy("host")
        .orderBy("name")
        .execute();
      const open = await db
        .selectFrom("fleetIncidents")
        .select(["host", sql<number | string>`count(*)`.as("count")])
        .where("state", "!=", "resolved")
        .groupBy("host")
        .execute();
      const openByHost = new Map(open.map((row) => [row.host, Number(row.count)]));
      return hosts.map((row) => ({
        host: row.host,
        lastSeq: Number(row.lastSeq),
        lastSeenAt: Number(row.lastSeenAt),
        openIncidents: openByHost.get(row.host) ?? 0,
        services: services
          .filter((service) => service.host === row.host)
          .map(({ name, status }) => ({ name, status: status as ServiceStatus })),
      }));
    },

    async listHostIncidents(host, filter = {}) {
      let query = db
        .selectFrom("fleetIncidents")
        .select("detail")
        .where("host", "=", host)
        .orderBy("openedAt", "desc")
        .orderBy("id", "desc");
      if (filter.state !== undefined) query = query.where("state", "=", filter.state);
      if (filter.after !== undefined) query = query.where(listedAfter(filter.after));
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      return (await query.execute()).map((row) => Incident.parse(JSON.parse(row.detail)));
    },

    async getHostIncident(host, id) {
      const row = await db
        .selectFrom("fleetIncidents")
        .select("detail")
        .where("host", "=", host)
        .where("id", "=", id)
        .executeTakeFirst();
      return row === undefined ? undefined : Incident.parse(JSON.parse(row.detail));
    },

    async listFleetIncidents(filter) {
      let query = db
        .selectFrom("fleetIncidents")
        .select(["host", "detail"])
        .orderBy("openedAt", "desc")
        .orderBy("id", "desc")
        .limit(filter.limit);
      if (filter.state !== undefined) query = query.where("state", "=", filter.state);
      return (await query.execute()).map((row) => ({
        host: row.host,
        incident: Incident.parse(JSON.parse(row.detail)),
      }));
    },

    async listHostEscalations(host, filter = {}) {
      let query = db
        .selectFrom("fleetEscalations")
        .select("escalation")
        .where("host", "=", host)
        .orderBy("at", "desc")
        .orderBy("id", "desc");
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      return (await query.execute()).map((row) => HostEscalation.parse(JSON.parse(row.escalation)));
    },
  };
}
