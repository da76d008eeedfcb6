import { Incident } from "@orbt/core";
import type { IncidentRecord } from "./store.js";

/** Rows are written by this daemon, so a row that does not parse is a bug or a damaged database: it throws. */
export function storedIncident(row: IncidentRecord): Incident {
  const parsed = Incident.safeParse(row.detail);
  if (!parsed.success) {
    throw new Error(`incident ${row.id}: stored detail is not an incident: ${parsed.error.message}`);
  }
  return parsed.data;
}
