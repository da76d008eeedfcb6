import protobuf from "protobufjs";
import { compress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { decodeRemoteWrite } from "./decode-remote-write.js";
import type { WriteRequestView } from "./write-request-view.js";

// The sender's side: prompb's WriteRequest as Prometheus sends it, with metadata, exemplars and native
// histograms that the receiver must skip or count.
const senderRoot = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: {
          fields: {
            timeseries: { rule: "repeated", type: "TimeSeries", id: 1 },
            metadata: { rule: "repeated", type: "MetricMetadata", id: 3 },
          },
        },
        MetricMetadata: {
          fields: {
            type: { type: "int32", id: 1 },
            metricFamilyName: { type: "string", id: 2 },
            help: { type: "string", id: 4 },
            unit: { type: "string", id: 5 },
          },
        },
        TimeSeries: {
          fields: {
            labels: { rule: "repeated", type: "Label", id: 1 },
            samples: { rule: "repeated", type: "Sample", id: 2 },
            exemplars: { rule: "repeated", type: "Exemplar", id: 3 },
            histograms: { rule: "repeated", type: "Histogram", id: 4 },
          },
        },
        Label: { fields: { name: { type: "string", id: 1 }, value: { type: "string", id: 2 } } },
        Sample: { fields: { value: { type: "double", id: 1 }, timestamp: { type: "int64", id: 2 } } },
        Exemplar: {
          fields: {
            labels: { rule: "repeated", type: "Label", id: 1 },
            value: { type: "double", id: 2 },
            timestamp: { type: "int64", id: 3 },
          },
        },
        Histogram: {
          fields: {
            countInt: { type: "uint64", id: 1 },
            sum: { type: "double", id: 3 },
            schema: { type: "sint32", id: 4 },
            timestamp: { type: "int64", id: 15 },
          },
        },
      },
    },
  },
});
const SenderWriteRequest = senderRoot.lookupType("prometheus.WriteRequest");

function encodeWriteRequest(request: Record<string, unknown>): Uint8Array {
  return compress(SenderWriteRequest.encode(SenderWriteRequest.fromObject(request)).finish());
}

const HEADERS = { contentType: "application/x-protobuf", contentEncoding: "snappy" };
const LIMITS = { maxBodyBytes: 1024 * 1024, maxDecodedBytes: 4 * 1024 * 1024 };

const label = (name: string, value: string) => ({ name, value });

function decode(body: Uint8Array): WriteRequestView {
  const decoded = decodeRemoteWrite(body, HEADERS, LIMITS);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

/** The series' label bytes as the view keys them; undefined when it has no key. */
function labelBytes(view: WriteRequestView, index: number): number[] | undefined {
  const start = view.labelBytesStart(index);
  if (start < 0) return undefined;
  const { buffer, byteOffset } = view.data;
  return [...new Uint8Array(buffer, byteOffset + start, view.labelBytesEnd(index) - start)];
}

/** Every sample of the view with its series' labels, in order. */
function samplesOf(view: WriteRequestView) {
  return Array.from({ length: view.seriesCount }, (_, index) => {
    const labels = view.labels(index);
    if (!labels.ok) throw new Error(labels.error.message);
    const samples = [];
    for (let sample = view.firstSample(index); sample < view.firstSample(index + 1); sample++) {
      samples.push({
        labels: labels.value,
        timestampMs: view.timestampMs(sample),
        value: view.value(sample),
      });
    }
    return samples;
  }).flat();
}

describe("decodeRemoteWrite", () => {
  it("decodes every sample of every series, skipping metadata and exemplars, counting histograms", () => {
    const body = encodeWriteRequest({
      metadata: [{ type: 1, metricFamilyName: "http_requests_total", help: "requests" }],
      timeseries: [
        {
          labels: [label("__name__", "http_requests_total"), label("job", "api"), label("code", "200")],
          samples: [
            { value: 10, timestamp: 1_700_000_000_000 },
            { value: 12, timestamp: 1_700_000_015_000 },
          ],
          exemplars: [{ labels: [label("trace_id", "abc")], value: 1, timestamp: 1_700_000_000_000 }],
        },
        {
          labels: [label("__name__", "up"), label("job", "api"), label("empty", "")],
          samples: [{ value: Number.NaN, timestamp: 1_700_000_000_000 }],
          histograms: [{ countInt: 3, sum: 1.5, schema: 0, timestamp: 1_700_000_000_000 }],
        },
      ],
    });
    const view = decode(body);
    expect(view.ignoredHistograms).toBe(1);
    const labels = { __name__: "http_requests_total", job: "api", code: "200" };
    expect(samplesOf(view)).toEqual([
      { labels, timestampMs: 1_700_000_000_000, value: 10 },
      { labels, timestampMs: 1_700_000_015_000, value: 12 },
      { labels: { __name__: "up", job: "api" }, timestampMs: 1_700_000_000_000, value: Number.NaN },
    ]);
  });

  it("keeps every sample when series carry many, and series that carry none", () => {
    const many = Array.from({ length: 100 }, (_, index) => ({ value: index, timestamp: 1000 + index }));
    const view = decode(
      encodeWriteRequest({
        timeseries: [
          { labels: [label("__name__", "a")], samples: many },
          { labels: [label("__name__", "b")] },
          { labels: [label("__name__", "c")], samples: [{ value: -1, timestamp: 5 }] },
        ],
      }),
    );
    expect([view.firstSample(0), view.firstSample(1), view.firstSample(2), view.firstSample(3)]).toEqual([
      0, 100, 100, 101,
    ]);
    expect(
      samplesOf(view).map(({ labels, timestampMs, value }) => [labels.__name__, timestampMs, value]),
    ).toEqual([...many.map(({ value, timestamp }) => ["a", timestamp, value]), ["c", 5, -1]]);
  });

  it("reads negative and large int64 timestamps", () => {
    const view = decode(
      encodeWriteRequest({
        timeseries: [
          {
            labels: [label("__name__", "up")],
            samples: [
              { value: 1, timestamp: -1_500 },
              { value: 2, timestamp: 2 ** 52 + 3 },
            ],
          },
        ],
      }),
    );
    expect([view.timestampMs(0), view.timestampMs(1)]).toEqual([-1_500, 2 ** 52 + 3]);
  });

  it.each([
    ["no __name__", [label("job", "api")]],
    ["a repeated label", [label("__name__", "up"), label("job", "a"), label("job", "b")]],
    ["an empty label name", [label("__name__", "up"), label("", "x")]],
    ["no labels", []],
  ])("calls a series with %s malformed", (_, labels) => {
    const body = encodeWriteRequest({
      timeseries: [
        { labels: [label("__name__", "fine")], samples: [{ value: 1, timestamp: 1 }] },
        { labels, samples: [{ value: 1, timestamp: 1 }] },
      ],
    });
    const view = decode(body);
    expect(view.labels(0).ok).toBe(true);
    expect(view.labels(1)).toMatchObject({ ok: false, error: { code: "malformed_body" } });
  });

  it("calls a label that is not UTF-8 malformed", () => {
    // Label { name: "__name__", value: 0xff } inside TimeSeries { labels }, hand-encoded: no encoder writes it.
    const labelBytes = [0x0a, 8, ...new TextEncoder().encode("__name__"), 0x12, 1, 0xff];
    const series = [0x0a, labelBytes.length, ...labelBytes];
    const view = decode(compress(Uint8Array.from([0x0a, series.length, ...series])));
    expect(view.labels(0)).toMatchObject({ ok: false, error: { code: "malformed_body" } });
  });

  it("keys a series by its label bytes: equal labels sent alike share a key, split labels have none", () => {
    const labels = [label("__name__", "up"), label("job", "api")];
    const view = decode(
      encodeWriteRequest({
        timeseries: [
          { labels, samples: [{ value: 1, timestamp: 1 }] },
          { labels, samples: [{ value: 2, timestamp: 2 }] },
          { labels: [label("__name__", "up"), label("job", "web")], samples: [] },
        ],
      }),
    );
    // Two Label fields of tag, length, and name and value each with their tag and length: 2 × 6 + 16 bytes.
    expect(labelBytes(view, 0)).toHaveLength(28);
    expect(labelBytes(view, 1)).toEqual(labelBytes(view, 0));
    expect(labelBytes(view, 2)).not.toEqual(labelBytes(view, 0));
    // TimeSeries { labels, samples, labels }: the label fields are not one run of bytes.
    const name = [0x0a, 2, 0x61, 0x62];
    const first = [0x0a, 8, ...new TextEncoder().encode("__name__"), 0x12, 2, 0x75, 0x70];
    const sample = [0x12, 2, 0x10, 0x05];
    const second = [0x0a, name.length + 4, ...name, 0x12, 2, 0x63, 0x64];
    const series = [0x0a, first.length, ...first, ...sample, ...second];
    const split = decode(compress(Uint8Array.from([0x0a, series.length, ...series])));
    expect(labelBytes(split, 0)).toBeUndefined();
    expect(samplesOf(split)).toEqual([{ labels: { __name__: "up", ab: "cd" }, timestampMs: 5, value: 0 }]);
  });

  it("tells bad payloads (400) from oversized ones (413) and wrong headers (415)", () => {
    const garbage = compress(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
    expect(decodeRemoteWrite(garbage, HEADERS, LIMITS)).toMatchObject({
      ok: false,
      error: { code: "malformed_body" },
    });
    expect(decodeRemoteWrite(Uint8Array.of(1, 2, 3), HEADERS, LIMITS)).toMatchObject({
      ok: false,
      error: { code: "malformed_body" },
    });
    const large = encodeWriteRequest({
      timeseries: [{ labels: [label("__name__", "x".repeat(5000))], samples: [{ value: 1, timestamp: 1 }] }],
    });
    expect(
      decodeRemoteWrite(large, HEADERS, { maxBodyBytes: 1_000_000, maxDecodedBytes: 4096 }),
    ).toMatchObject({
      ok: false,
      error: { code: "body_too_large", limitBytes: 4096 },
    });
    expect(decodeRemoteWrite(large, HEADERS, { maxBodyBytes: 10, maxDecodedBytes: 1_000_000 })).toMatchObject(
      {
        ok: false,
        error: { code: "body_too_large", limitBytes: 10 },
      },
    );
    expect(decodeRemoteWrite(large, { ...HEADERS, contentEncoding: "gzip" }, LIMITS)).toMatchObject({
      ok: false,
      error: { code: "unsupported_content_encoding" },
    });
    expect(decodeRemoteWrite(large, { ...HEADERS, contentType: "application/json" }, LIMITS)).toMatchObject({
      ok: false,
      error: { code: "unsupported_media_type" },
    });
  });
});
