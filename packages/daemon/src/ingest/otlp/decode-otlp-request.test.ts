import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeContentEncoding } from "../content-encoding.js";
import { decodeOtlpLogs, decodeOtlpMetrics, decodeOtlpTraces } from "./decode-otlp-request.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decodeOtlp*", () => {
  it("accepts an empty request in both encodings", () => {
    expect(decodeOtlpMetrics(new Uint8Array(0), "protobuf")).toEqual({
      ok: true,
      value: { resourceMetrics: [] },
    });
    expect(decodeOtlpTraces(utf8("{}"), "json")).toEqual({ ok: true, value: { resourceSpans: [] } });
  });

  it("decodes a gzip-compressed JSON body once the content encoding is undone", () => {
    const body = gzipSync(utf8(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{}] }] }] })));
    const plain = decodeContentEncoding(body, "gzip", { maxBodyBytes: 1024, maxDecodedBytes: 1024 });
    if (!plain.ok) throw new Error(plain.error.message);
    const decoded = decodeOtlpLogs(plain.value, "json");
    expect(decoded.ok && decoded.value.resourceLogs[0]?.scopeLogs[0]?.logRecords.length).toBe(1);
  });

  it("reads NaN and infinities as the OTLP JSON mapping writes them", () => {
    const decoded = decodeOtlpMetrics(
      utf8(
        JSON.stringify({
          resourceMetrics: [
            {
              scopeMetrics: [
                {
                  metrics: [
                    {
                      name: "g",
                      gauge: {
                        dataPoints: [{ asDouble: "NaN" }, { asDouble: "-Infinity" }, { asDouble: "2.5e3" }],
                      },
                    },
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
    const points = decoded.value.resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.gauge?.dataPoints ?? [];
    expect(points.map((point) => point.asDouble)).toEqual([Number.NaN, Number.NEGATIVE_INFINITY, 2500]);
  });

  it.each([
    ["not JSON", utf8("{resourceMetrics:")],
    ["invalid UTF-8", Uint8Array.of(0x7b, 0xff, 0x7d)],
    ["a JSON array", utf8("[]")],
    ["a wrong field type", utf8('{"resourceMetrics":[{"scopeMetrics":"x"}]}')],
    [
      "a fractional int64",
      utf8('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":[{"asInt":1.5}]}}]}]}]}'),
    ],
    ["deep nesting", utf8(`{"resourceMetrics":${"[".repeat(100_000)}${"]".repeat(100_000)}}`)],
  ])("calls JSON with %s malformed", (_, body) => {
    expect(decodeOtlpMetrics(body, "json")).toMatchObject({ ok: false, error: { code: "malformed_body" } });
  });

  it("calls broken protobuf malformed, with the path of a bad value when there is one", () => {
    expect(decodeOtlpMetrics(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0x0f), "protobuf")).toMatchObject({
      ok: false,
      error: { code: "malformed_body" },
    });
    // Wire type 7 does not exist.
    expect(decodeOtlpTraces(Uint8Array.of(0x0f, 0x00), "protobuf")).toMatchObject({
      ok: false,
      error: { code: "malformed_body" },
    });
    const wrongType = decodeOtlpTraces(
      utf8('{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SERVER"}]}]}]}'),
      "json",
    );
    expect(wrongType).toMatchObject({ ok: false, error: { code: "malformed_body" } });
    expect(!wrongType.ok && wrongType.error.message).toContain("resourceSpans.0.scopeSpans.0.spans.0.kind");
  });
});
