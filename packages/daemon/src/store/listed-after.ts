import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { IncidentCursor } from "./store.js";

/**
 * Where a newest-first incident listing (by `opened_at`, then `id`) goes on after `after`: the
 * incidents table's and a host's forwarded incidents' alike.
 */
export function listedAfter(after: IncidentCursor): RawBuilder<SqlBool> {
  return sql<SqlBool>`(opened_at < ${after.openedAt} or (opened_at = ${after.openedAt} and id < ${after.id}))`;
}
