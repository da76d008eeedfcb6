import { sql } from "kysely";
import { openKysely } from "./open-store.js";
import type { IncidentRecord, JournalEvent, StoreOptions } from "./store.js";
import { createStoreQueries } from "./store-queries.js";

/** What a daemon recorded: its whole journal and every incident as it last stored it. */
export type Recording = {
  readonly events: readonly JournalEvent[];
  readonly incidents: readonly IncidentRecord[];
};

const EVENTS_PAGE = 5_000;

/**
 * Reads a recording and writes nothing: SQLite is opened read-only, Postgres read in a read-only
 * transaction. One snapshot transaction, so a daemon writing meanwhile cannot set the journal and the
 * incidents apart. Throws what the driver throws: a missing file, an unreachable server, a store without
 * the tables.
 */
export async function readRecording(options: StoreOptions): Promise<Recording> {
  const db = await openKysely(options, "read_only");
  try {
    return await db.transaction().execute(async (trx) => {
      if (options.kind === "postgres") {
        await sql`set transaction isolation level repeatable read, read only`.execute(trx);
      }
      const queries = createStoreQueries(trx, options.kind);
      const events: JournalEvent[] = [];
      for (;;) {
        const page = await queries.readEvents({ sinceSeq: events.at(-1)?.seq ?? 0, limit: EVENTS_PAGE });
        events.push(...page);
        if (page.length < EVENTS_PAGE) break;
      }
      return { events, incidents: await queries.listIncidents() };
    });
  } finally {
    await db.destroy();
  }
}
