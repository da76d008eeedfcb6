import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { err, ok } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { otlpProto } from "./otlp-proto.js";
import { renderOtlpResponse } from "./otlp-response.js";

describe("renderOtlpResponse", () => {
  it("answers full success with an empty Export*ServiceResponse", () => {
    const response = renderOtlpResponse("metrics", "protobuf", ok({ rejected: 0, errorMessage: "" }));
    expect(response.status).toBe(200);
    expect(response.contentType).toBe("application/x-protobuf");
    expect(response.body.byteLength).toBe(0);
    expect(ProtobufMetricsSerializer.deserializeResponse(response.body)).toEqual({});
  });

  it("answers full success with a body of its own each time, which a transfer of another leaves whole", () => {
    const full = ok({ rejected: 0, errorMessage: "" });
    const first = renderOtlpResponse("metrics", "json", full);
    // What a decode thread does with the buffers of its answer: transfer them, detaching them here.
    structuredClone(first.body, { transfer: [first.body.buffer as ArrayBuffer] });
    expect(first.body.byteLength).toBe(0);
    const second = renderOtlpResponse("metrics", "json", full);
    expect(new TextDecoder().decode(second.body)).toBe("{}");
    expect(second.body.buffer).not.toBe(renderOtlpResponse("metrics", "json", full).body.buffer);
  });

  it("carries partial success that the OpenTelemetry JS exporters read back", () => {
    const outcome = ok({ rejected: 3, errorMessage: "delta_temporality: 3" });
    const metrics = ProtobufMetricsSerializer.deserializeResponse(
      renderOtlpResponse("metrics", "protobuf", outcome).body,
    );
    expect(metrics.partialSuccess?.errorMessage).toBe("delta_temporality: 3");
    expect(Number(metrics.partialSuccess?.rejectedDataPoints)).toBe(3);
    const traces = ProtobufTraceSerializer.deserializeResponse(
      renderOtlpResponse("traces", "protobuf", outcome).body,
    );
    expect(Number(traces.partialSuccess?.rejectedSpans)).toBe(3);
    const logs = ProtobufLogsSerializer.deserializeResponse(
      renderOtlpResponse("logs", "protobuf", outcome).body,
    );
    expect(Number(logs.partialSuccess?.rejectedLogRecords)).toBe(3);

    const json = renderOtlpResponse("logs", "json", outcome);
    expect(json.contentType).toBe("application/json");
    expect(JsonLogsSerializer.deserializeResponse(json.body)).toEqual({
      partialSuccess: { rejectedLogRecords: "3", errorMessage: "delta_temporality: 3" },
    });
    expect(
      JsonMetricsSerializer.deserializeResponse(
        renderOtlpResponse("metrics", "json", ok({ rejected: 0, errorMessage: "" })).body,
      ),
    ).toEqual({});
  });

  it.each([
    ["malformed_body", 400, 3],
    ["body_too_large", 413, 8],
    ["unsupported_media_type", 415, 3],
  ] as const)("answers %s with %i and a google.rpc.Status", (code, status, grpcCode) => {
    const error =
      code === "body_too_large" ? { code, message: "too big", limitBytes: 1 } : { code, message: "too big" };
    const response = renderOtlpResponse("traces", "protobuf", err(error));
    expect(response.status).toBe(status);
    expect(otlpProto.Status.toObject(otlpProto.Status.decode(response.body))).toEqual({
      code: grpcCode,
      message: "too big",
    });
    const json = renderOtlpResponse("traces", "json", err(error));
    expect(JSON.parse(new TextDecoder().decode(json.body))).toEqual({ code: grpcCode, message: "too big" });
  });
});
