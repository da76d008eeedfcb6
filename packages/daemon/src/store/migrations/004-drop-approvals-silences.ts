import type { Migration } from "kysely";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * `approvals` and `silences` were created by 001 but no route or engine event ever wrote or read them;
 * approvals and silences will be designed afresh, with tables of their own.
 */
export function createDropApprovalsSilencesMigration(): Migration {
  return {
    async up(db) {
      await db.schema.dropTable("approvals").execute();
      await db.schema.dropTable("silences").execute();
    },
  };
}
