import { attributeText, attributeTexts } from "./attribute-text.js";
import { nanosToMs } from "./nanos-to-ms.js";
import type { OtlpLogsRequest } from "./otlp-schema.js";
import { readResourceIdentity } from "./resource-identity.js";

export type LogRecord = {
  /** The resource's job: `service.namespace/service.name`. */
  readonly service: string;
  /** OTLP SeverityNumber (1–24; ERROR is 17–20); 0 when neither the number nor the text says. */
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly timeUnixMs: number;
};

// Loggers bridged without a severity mapping still send the level name; these are the SeverityNumber
// ranges' first values from the OTLP log data model.
const SEVERITY_BY_TEXT: Readonly<Record<string, number>> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  NOTICE: 10,
  WARN: 13,
  WARNING: 13,
  ERROR: 17,
  ERR: 17,
  CRITICAL: 21,
  FATAL: 21,
  EMERGENCY: 21,
};

/** Decoded log records; the time falls back to the observed time, then to `receivedAtMs`. */
export function translateOtlpLogs(request: OtlpLogsRequest, receivedAtMs: number): LogRecord[] {
  const records: LogRecord[] = [];
  for (const resourceLogs of request.resourceLogs) {
    const { job } = readResourceIdentity(resourceLogs.resource?.attributes ?? {});
    for (const scopeLogs of resourceLogs.scopeLogs) {
      for (const record of scopeLogs.logRecords) {
        const timeNanos = record.timeUnixNano !== 0n ? record.timeUnixNano : record.observedTimeUnixNano;
        records.push({
          service: job,
          severityNumber:
            record.severityNumber !== 0
              ? record.severityNumber
              : (SEVERITY_BY_TEXT[record.severityText.trim().toUpperCase()] ?? 0),
          severityText: record.severityText,
          body: attributeText(record.body ?? null),
          attributes: attributeTexts(record.attributes),
          timeUnixMs: timeNanos === 0n ? receivedAtMs : nanosToMs(timeNanos),
        });
      }
    }
  }
  return records;
}
