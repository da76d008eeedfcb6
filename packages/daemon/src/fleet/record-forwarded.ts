import { HostEscalation, type HostRecord } from "@orbt/core";
import type { StoreQueries } from "../store/store.js";
import { storedIncident } from "../store/stored-incident.js";

type ForwardedWrites = Pick<
  StoreQueries,
  "upsertIncidents" | "insertEscalations" | "upsertKnowledge" | "upsertService"
>;

/**
 * `tx`, whose writes of what a host forwards upstream (incidents, escalations, knowledge rows, service
 * status) also land in `records`: the host's message then holds exactly what its projections wrote.
 */
export function recordForwarded(tx: StoreQueries, records: HostRecord[]): StoreQueries {
  const writes: ForwardedWrites = {
    upsertIncidents: (incidents) => {
      for (const incident of incidents)
        records.push({ kind: "incident", incident: storedIncident(incident) });
      return tx.upsertIncidents(incidents);
    },
    insertEscalations: (escalations) => {
      for (const escalation of escalations)
        records.push({ kind: "escalation", escalation: HostEscalation.parse(escalation) });
      return tx.insertEscalations(escalations);
    },
    upsertKnowledge: (entries) => {
      for (const entry of entries) records.push({ kind: "knowledge", entry });
      return tx.upsertKnowledge(entries);
    },
    upsertService: (service) => {
      records.push({ kind: "service", service });
      return tx.upsertService(service);
    },
  };
  return new Proxy(tx, {
    get: (target, key, receiver) =>
      Object.hasOwn(writes, key) ? writes[key as keyof ForwardedWrites] : Reflect.get(target, key, receiver),
  });
}
