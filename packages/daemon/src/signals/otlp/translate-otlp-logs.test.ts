import { SeverityNumber } from "@opentelemetry/api-logs";
import { JsonLogsSerializer, ProtobufLogsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { expect, it } from "vitest";
import { decodeOtlpLogs } from "./decode-otlp-request.js";
import type { OtlpEncoding } from "./otlp-encoding.js";
import { translateOtlpLogs } from "./translate-otlp-logs.js";

const RECEIVED_AT_MS = 1_800_000_000_000;

async function exportLogs(): Promise<{ protobuf: Uint8Array; json: Uint8Array }> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ "service.name": "billing", "service.namespace": "shop" }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger("app");
  logger.emit({
    severityNumber: SeverityNumber.ERROR,
    severityText: "ERROR",
    body: "java.lang.OutOfMemoryError: Java heap space",
    attributes: { "thread.name": "worker-3", retries: 2 },
    timestamp: 1_700_000_000_123,
  });
  logger.emit({ severityText: "warning", body: { event: "slow", ms: 900 }, timestamp: 1_700_000_000_500 });
  await provider.forceFlush();
  const records = exporter.getFinishedLogRecords();
  const protobuf = ProtobufLogsSerializer.serializeRequest(records);
  const json = JsonLogsSerializer.serializeRequest(records);
  if (protobuf === undefined || json === undefined) throw new Error("serializer returned nothing");
  return { protobuf, json };
}

it.each<OtlpEncoding>(["protobuf", "json"])(
  "decodes %s log records with service, severity and body",
  async (encoding) => {
    const bodies = await exportLogs();
    const decoded = decodeOtlpLogs(bodies[encoding], encoding);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(translateOtlpLogs(decoded.value, RECEIVED_AT_MS)).toEqual([
      {
        service: "shop/billing",
        severityNumber: 17,
        severityText: "ERROR",
        body: "java.lang.OutOfMemoryError: Java heap space",
        attributes: { "thread.name": "worker-3", retries: "2" },
        timeUnixMs: 1_700_000_000_123,
      },
      {
        service: "shop/billing",
        severityNumber: 13,
        severityText: "warning",
        body: '{"event":"slow","ms":900}',
        attributes: {},
        timeUnixMs: 1_700_000_000_500,
      },
    ]);
  },
);

it("falls back to the observed time, then to the receive time", () => {
  const decoded = decodeOtlpLogs(
    new TextEncoder().encode(
      JSON.stringify({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  { observedTimeUnixNano: "1700000000999000000", body: { stringValue: "a" } },
                  { body: { intValue: "9007199254740993" } },
                ],
              },
            ],
          },
        ],
      }),
    ),
    "json",
  );
  if (!decoded.ok) throw new Error(decoded.error.message);
  const records = translateOtlpLogs(decoded.value, RECEIVED_AT_MS);
  expect(records.map((record) => [record.timeUnixMs, record.body, record.severityNumber])).toEqual([
    [1_700_000_000_999, "a", 0],
    [RECEIVED_AT_MS, "9007199254740993", 0],
  ]);
});
