import {
  assertNever,
  HostEscalation,
  HostRecord,
  Incident,
  knowledgeKey,
  type ServiceStatus,
} from "@orbt/core";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
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
  | "applyHostMessages"
  | "listFleetHosts"
  | "listHostIncidents"
  | "getHostIncident"
  | "listHostEscalations"
>;

const HostRecords = z.array(HostRecord);

/** Hosts per `in (…)` list, well under SQLite's and Postgres's bound-parameter limits. */
const HOSTS_PER_STATEMENT = 500;

/** A host's outbox and a central daemon's record of its hosts, over `db`, which may be a transaction. */
export function createFleetQueries(db: Kysely<StoreSchema>): FleetQueries {
  async function applyRecord(host: string, record: HostRecord): Promise<void> {
    switch (record.kind) {
      case "incident": {
        const { incident } = record;
        const row = {
          host,
          id: incident.id,
          state: incident.state,
          openedAt: incident.openedAt,
          detail: JSON.stringify(incident),
        };
        await db
          .insertInto("fleetIncidents")
          .values(row)
          .onConflict((conflict) =>
            conflict.columns(["host", "id"]).doUpdateSet({ state: row.state, detail: row.detail }),
          )
          .execute();
        return;
      }
      case "escalation":
        await db
          .insertInto("fleetEscalations")
          .values({
            host,
            id: record.escalation.id,
            at: record.escalation.at,
            escalation: JSON.stringify(record.escalation),
          })
          .onConflict((conflict) => conflict.columns(["host", "id"]).doNothing())
          .execute();
        return;
      case "knowledge": {
        const entry = JSON.stringify(record.entry);
        await db
          .insertInto("fleetKnowledge")
          .values({ host, key: knowledgeKey(record.entry), entry })
          .onConflict((conflict) => conflict.columns(["host", "key"]).doUpdateSet({ entry }))
          .execute();
        return;
      }
      case "service": {
        const row = {
          host,
          name: record.service.name,
          status: record.service.status,
          service: JSON.stringify(record.service),
        };
        await db
          .insertInto("fleetServices")
          .values(row)
          .onConflict((conflict) =>
            conflict.columns(["host", "name"]).doUpdateSet({ status: row.status, service: row.service }),
          )
          .execute();
        return;
      }
      default:
        assertNever(record);
    }
  }

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

    async applyHostMessages(host, messages, at) {
      const last = messages.at(-1);
      if (last === undefined) return;
      for (const message of messages) {
        for (const record of message.records) await applyRecord(host, record);
      }
      await db
        .insertInto("fleetHosts")
        .values({ host, lastSeq: last.seq, lastSeenAt: at })
        .onConflict((conflict) => conflict.column("host").doUpdateSet({ lastSeq: last.seq, lastSeenAt: at }))
        .execute();
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
