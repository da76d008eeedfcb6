import { type Migration, sql } from "kysely";
import type { StoreKind } from "../store.js";

/** Frozen in time: never edit after release, add a new numbered migration instead. */
export function createInitialMigration(kind: StoreKind): Migration {
  return {
    async up(db) {
      const events = db.schema.createTable("events");
      await (kind === "sqlite"
        ? events.addColumn("seq", "integer", (col) => col.primaryKey().autoIncrement())
        : events.addColumn("seq", "bigserial", (col) => col.primaryKey())
      )
        .addColumn("at", "bigint", (col) => col.notNull())
        .addColumn("type", "text", (col) => col.notNull())
        .addColumn("payload", "text", (col) => col.notNull())
        .execute();

      await db.schema
        .createTable("incidents")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("service", "text", (col) => col.notNull())
        .addColumn("pattern", "text", (col) => col.notNull())
        .addColumn("symptom", "text", (col) => col.notNull())
        .addColumn("state", "text", (col) => col.notNull())
        .addColumn("status", "text", (col) => col.notNull())
        .addColumn("strike", "integer", (col) => col.notNull())
        .addColumn("opened_at", "bigint", (col) => col.notNull())
        .addColumn("updated_at", "bigint", (col) => col.notNull())
        .addColumn("resolved_at", "bigint")
        .addColumn("resolution", "text")
        .addColumn("acknowledged_at", "bigint")
        .addColumn("acknowledged_by", "text")
        .addCheckConstraint("incidents_state_check", sql`state in ('open', 'escalated', 'resolved')`)
        .addCheckConstraint("incidents_status_check", sql`status in ('GREEN', 'YELLOW', 'RED')`)
        .execute();
      await db.schema
        .createIndex("incidents_state_opened_at")
        .on("incidents")
        .columns(["state", "opened_at"])
        .execute();

      await db.schema
        .createTable("actions")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("incident_id", "text", (col) => col.notNull())
        .addColumn("dpr_id", "text", (col) => col.notNull())
        .addColumn("strike", "integer", (col) => col.notNull())
        .addColumn("solution", "text", (col) => col.notNull())
        .addColumn("tool", "text", (col) => col.notNull())
        .addColumn("argv", "text", (col) => col.notNull())
        .addColumn("target", "text", (col) => col.notNull())
        .addColumn("state", "text", (col) => col.notNull())
        .addColumn("started_at", "bigint", (col) => col.notNull())
        .addColumn("finished_at", "bigint")
        .addColumn("ok", "integer")
        .addColumn("exit_code", "integer")
        .addColumn("duration_ms", "bigint")
        .addColumn("output", "text")
        .addCheckConstraint("actions_state_check", sql`state in ('intent', 'finished', 'interrupted')`)
        .execute();
      await db.schema.createIndex("actions_incident_id").on("actions").column("incident_id").execute();
      await db.schema.createIndex("actions_state").on("actions").column("state").execute();

      await db.schema
        .createTable("knowledge")
        .addColumn("pattern", "text", (col) => col.notNull())
        .addColumn("platform", "text", (col) => col.notNull())
        .addColumn("scale", "text", (col) => col.notNull())
        .addColumn("solution", "text", (col) => col.notNull())
        .addColumn("tries", "integer", (col) => col.notNull())
        .addColumn("successes", "integer", (col) => col.notNull())
        .addColumn("last_used_at", "bigint", (col) => col.notNull())
        .addColumn("lessons", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("knowledge_pk", ["pattern", "platform", "scale", "solution"])
        .execute();

      await db.schema
        .createTable("escalations")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("incident_id", "text", (col) => col.notNull())
        .addColumn("at", "bigint", (col) => col.notNull())
        .addColumn("reason", "text", (col) => col.notNull())
        .addColumn("urgency", "text", (col) => col.notNull())
        .addColumn("report", "text", (col) => col.notNull())
        .addColumn("delivered", "integer", (col) => col.notNull().defaultTo(0))
        .addColumn("delivery_error", "text")
        .execute();
      await db.schema.createIndex("escalations_at").on("escalations").column("at").execute();

      await db.schema
        .createTable("services")
        .addColumn("name", "text", (col) => col.primaryKey())
        .addColumn("platform", "text", (col) => col.notNull())
        .addColumn("discovered", "integer", (col) => col.notNull())
        .addColumn("status", "text", (col) => col.notNull())
        .addColumn("updated_at", "bigint", (col) => col.notNull())
        .execute();

      await db.schema
        .createTable("silences")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("matchers", "text", (col) => col.notNull())
        .addColumn("created_by", "text", (col) => col.notNull())
        .addColumn("comment", "text", (col) => col.notNull())
        .addColumn("created_at", "bigint", (col) => col.notNull())
        .addColumn("expires_at", "bigint", (col) => col.notNull())
        .execute();

      await db.schema
        .createTable("approvals")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("incident_id", "text", (col) => col.notNull())
        .addColumn("action_id", "text")
        .addColumn("requested_at", "bigint", (col) => col.notNull())
        .addColumn("decision", "text", (col) => col.notNull())
        .addColumn("decided_at", "bigint")
        .addColumn("decided_by", "text")
        .addCheckConstraint("approvals_decision_check", sql`decision in ('pending', 'approved', 'denied')`)
        .execute();
    },
  };
}
