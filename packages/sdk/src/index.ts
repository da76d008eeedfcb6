export { formatDprId } from "@orbt/core";
export { startTelemetry, type Telemetry, type TelemetryOptions } from "./telemetry/start-telemetry.js";
