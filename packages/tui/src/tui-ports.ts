import type { OrbtClient, OrbtStream } from "@orbt/sdk";

/** What the TUI needs from the SDK, so tests can hand it fakes. */
export type TuiClient = Pick<
  OrbtClient,
  | "acknowledgeIncident"
  | "resolveIncident"
  | "approveIncident"
  | "denyIncident"
  | "listEscalations"
  | "listHosts"
  | "listIncidents"
  | "getCurrentReport"
  | "getReadiness"
  | "getStatus"
  | "getStoreStatus"
  | "listNotifyReceivers"
  | "pauseAutomation"
  | "resumeAutomation"
>;
export type TuiStream = Pick<
  OrbtStream,
  "getState" | "getHistory" | "getLastSeq" | "getStatus" | "onState" | "onStatusChange" | "onError"
>;
