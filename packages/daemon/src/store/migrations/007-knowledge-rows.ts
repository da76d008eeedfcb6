import type { Kysely, Migration } from "kysely";

type OldKnowledgeRow = {
  pattern: string;
  platform: string;
  scale: string;
  solution: string;
  tries: number;
  successes: number;
  lastat: number | string;
  lessons: string;
};

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * A knowledge row gains its times to recover (mean, p90, and the recent ones the p90 is taken over), its
 * last outcome, lessons as `{at, by, note, incidentId}` objects and its provenance. Rows from before are
 * `learned`, their lessons (bare notes) dated at their last use.
 */
export function createKnowledgeRowsMigration(): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, independent of today's schema.
    async up(db: Kysely<any>) {
      await db.schema.alterTable("knowledge").renameTo("knowledge_before_007").execute();
      await db.schema
        .createTable("knowledge")
        .addColumn("pattern", "text", (col) => col.notNull())
        .addColumn("solution", "text", (col) => col.notNull())
        .addColumn("platform", "text", (col) => col.notNull())
        .addColumn("scale", "text", (col) => col.notNull())
        .addColumn("tries", "integer", (col) => col.notNull())
        .addColumn("successes", "integer", (col) => col.notNull())
        .addColumn("mean_recovery_ms", "double precision")
        .addColumn("p90_recovery_ms", "double precision")
        .addColumn("recent_recovery_ms", "text", (col) => col.notNull())
        .addColumn("last_outcome", "text")
        .addColumn("last_at", "bigint")
        .addColumn("lessons", "text", (col) => col.notNull())
        .addColumn("provenance", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("knowledge_row_pk", ["pattern", "platform", "scale", "solution"])
        .execute();
      // Aliased and snake_case-free: the same keys come back with or without the store's CamelCasePlugin.
      const old: OldKnowledgeRow[] = await db
        .selectFrom("knowledge_before_007")
        .select([
          "pattern",
          "platform",
          "scale",
          "solution",
          "tries",
          "successes",
          "last_used_at as lastat",
          "lessons",
        ])
        .execute();
      for (const row of old) {
        const lastAt = Number(row.lastat);
        const notes = JSON.parse(row.lessons) as string[];
        await db
          .insertInto("knowledge")
          .values({
            pattern: row.pattern,
            solution: row.solution,
            platform: row.platform,
            scale: row.scale,
            tries: row.tries,
            successes: row.successes,
            mean_recovery_ms: null,
            p90_recovery_ms: null,
            recent_recovery_ms: "[]",
            last_outcome: null,
            last_at: lastAt,
            lessons: JSON.stringify(
              notes.reverse().map((note) => ({ at: lastAt, by: "operator", note, incidentId: null })),
            ),
            provenance: "learned",
          })
          .execute();
      }
      await db.schema.dropTable("knowledge_before_007").execute();
    },
  };
}
