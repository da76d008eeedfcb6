import type { Migration } from "kysely";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * The `for` state of pending and firing alerts, and when their group was last evaluated, so that a restart
 * restores it as Prometheus does from its ALERTS_FOR_STATE series.
 */
export function createAlertForStateMigration(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable("rule_group_evaluations")
        .addColumn("group_file", "text", (col) => col.notNull())
        .addColumn("group_name", "text", (col) => col.notNull())
        .addColumn("last_evaluated_at", "bigint", (col) => col.notNull())
        .addPrimaryKeyConstraint("rule_group_evaluations_pk", ["group_file", "group_name"])
        .execute();

      await db.schema
        .createTable("alert_for_state")
        .addColumn("group_file", "text", (col) => col.notNull())
        .addColumn("group_name", "text", (col) => col.notNull())
        .addColumn("labels", "text", (col) => col.notNull())
        .addColumn("active_at", "bigint", (col) => col.notNull())
        .addPrimaryKeyConstraint("alert_for_state_pk", ["group_file", "group_name", "labels"])
        .execute();
    },
  };
}
