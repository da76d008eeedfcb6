export type {
  Action,
  ApiError,
  EngineEvent,
  EngineState,
  EscalationReport,
  EscalationView,
  EventFrame,
  HealthReport,
  Incident,
  IncidentState,
  IncidentSummary,
  IncidentsQuery,
  KnowledgeEntry,
  OperatorNote,
  Result,
  ServiceStatus,
  ServiceView,
  SnapshotFrame,
  StatusResponse,
  StreamFrame,
  TimelineEntry,
} from "@orbt/core";
export {
  type FakeDaemon,
  type FakeDaemonOptions,
  type RecordedRequest,
  startFakeDaemon,
} from "./fake-daemon.js";
export {
  type HealthCheckResult,
  type HealthReporter,
  type HealthReporterOptions,
  startHealthReporter,
} from "./health-reporter.js";
export { OrbtApiError, type OrbtClientErrorCode } from "./orbt-api-error.js";
export { type ApiResult, createOrbtClient, type OrbtClient, type OrbtClientOptions } from "./orbt-client.js";
export {
  type OrbtStream,
  type OrbtStreamError,
  type OrbtStreamErrorCode,
  type OrbtStreamOptions,
  openStream,
  type StreamStatus,
  type Unsubscribe,
} from "./orbt-stream.js";
