import { execFileSync } from "node:child_process";
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  type AggregationTemporalitySelector,
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
  type ViewOptions,
} from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import type { Sample } from "../ingest/sample.js";
import { decodeOtlpMetrics } from "./decode-otlp-request.js";
import type { OtlpMetricsRequest } from "./otlp-schema.js";
import {
  type OtlpSample,
  otlpLabels,
  otlpSampleLabels,
  translateOtlpMetrics,
} from "./translate-otlp-metrics.js";

class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

type Record = (provider: MeterProvider) => void;

async function collect(
  record: Record,
  options: { temporality?: AggregationTemporalitySelector; views?: ViewOptions[] } = {},
): Promise<ResourceMetrics> {
  const reader = new ManualReader(
    options.temporality === undefined ? {} : { aggregationTemporalitySelector: options.temporality },
  );
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      "service.name": "checkout",
      "service.namespace": "shop",
      "service.instance.id": "pod-7",
      "host.name": "node-1",
    }),
    readers: [reader],
    views: options.views ?? [],
  });
  record(provider);
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  return resourceMetrics;
}

function decodeBoth(resourceMetrics: ResourceMetrics): OtlpMetricsRequest {
  const protobufBody = ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
  const jsonBody = JsonMetricsSerializer.serializeRequest(resourceMetrics);
  if (protobufBody === undefined || jsonBody === undefined) throw new Error("serializer returned nothing");
  const fromProtobuf = decodeOtlpMetrics(protobufBody, "protobuf");
  const fromJson = decodeOtlpMetrics(jsonBody, "json");
  if (!fromProtobuf.ok || !fromJson.ok) throw new Error(JSON.stringify([fromProtobuf, fromJson]));
  expect(fromJson.value).toEqual(fromProtobuf.value);
  return fromProtobuf.value;
}

const RECEIVED_AT_MS = 1_800_000_000_000;

/** The translation with each sample's labels built, as a store receives them. */
function translate(request: OtlpMetricsRequest) {
  const translation = translateOtlpMetrics(request, RECEIVED_AT_MS);
  const labelled = (sample: OtlpSample): Sample => ({
    labels: otlpSampleLabels(sample),
    timestampMs: sample.timestampMs,
    value: sample.value,
  });
  return { ...translation, samples: translation.samples.map(labelled) };
}

function byName(samples: readonly Sample[], name: string): Sample[] {
  return samples.filter((sample) => sample.labels.__name__ === name);
}

const SERIES_LABELS = {
  job: "shop/checkout",
  instance: "pod-7",
  otel_scope_name: "orders",
  otel_scope_version: "1.2.0",
};

describe("translateOtlpMetrics on what the OpenTelemetry JS SDK exports", () => {
  it("turns a monotonic cumulative sum into a _total counter with sanitized attribute labels", async () => {
    const request = decodeBoth(
      await collect((provider) => {
        const counter = provider
          .getMeter("orders", "1.2.0")
          .createCounter("http.server.requests", { unit: "1" });
        counter.add(3, { "http.route": "/cart", "1st": "yes" });
        counter.add(2, { "http.route": "/cart", "1st": "yes" });
      }),
    );
    const { samples, rejectedDataPoints } = translate(request);
    expect(rejectedDataPoints).toBe(0);
    const [counter, ...others] = byName(samples, "http_server_requests_total");
    expect(others).toEqual([]);
    expect(counter?.labels).toEqual({
      __name__: "http_server_requests_total",
      ...SERIES_LABELS,
      http_route: "/cart",
      key_1st: "yes",
    });
    expect(counter?.value).toBe(5);
    expect(counter?.timestampMs).toBeGreaterThan(1_600_000_000_000);
    expect(counter?.timestampMs).toBeLessThan(RECEIVED_AT_MS);
  });

  it("puts the other resource attributes in target_info and maps units to suffixes", async () => {
    const request = decodeBoth(
      await collect((provider) => {
        const meter = provider.getMeter("orders", "1.2.0");
        meter.createGauge("room.temperature", { unit: "Cel" }).record(21.5);
        meter.createUpDownCounter("queue.depth", { unit: "{messages}" }).add(-2);
        meter.createGauge("cache.hit", { unit: "1" }).record(0);
        meter.createCounter("net.io", { unit: "By/s" }).add(7);
      }),
    );
    const { samples } = translate(request);
    expect(byName(samples, "target_info")).toEqual([
      {
        labels: { __name__: "target_info", job: "shop/checkout", instance: "pod-7", host_name: "node-1" },
        timestampMs: RECEIVED_AT_MS,
        value: 1,
      },
    ]);
    expect(byName(samples, "room_temperature_celsius").map((sample) => sample.value)).toEqual([21.5]);
    // A non-monotonic sum can fall, so it is a gauge: no _total.
    expect(byName(samples, "queue_depth").map((sample) => sample.value)).toEqual([-2]);
    expect(byName(samples, "cache_hit_ratio").map((sample) => sample.value)).toEqual([0]);
    expect(byName(samples, "net_io_bytes_per_second_total").map((sample) => sample.value)).toEqual([7]);
  });

  it("turns a cumulative histogram into cumulative _bucket series with +Inf, _sum and _count", async () => {
    const request = decodeBoth(
      await collect(
        (provider) => {
          const histogram = provider
            .getMeter("orders", "1.2.0")
            .createHistogram("rpc.duration", { unit: "s" });
          for (const seconds of [0.05, 0.2, 0.7, 3]) histogram.record(seconds, { method: "Pay" });
        },
        {
          views: [
            {
              instrumentName: "rpc.duration",
              aggregation: {
                type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
                options: { boundaries: [0.1, 0.5, 1] },
              },
            },
          ],
        },
      ),
    );
    const { samples } = translate(request);
    const buckets = byName(samples, "rpc_duration_seconds_bucket").map((sample) => [
      sample.labels.le,
      sample.value,
    ]);
    expect(buckets).toEqual([
      ["0.1", 1],
      ["0.5", 2],
      ["1", 3],
      ["+Inf", 4],
    ]);
    expect(byName(samples, "rpc_duration_seconds_sum")[0]?.value).toBeCloseTo(3.95);
    expect(byName(samples, "rpc_duration_seconds_count")[0]?.value).toBe(4);
    expect(byName(samples, "rpc_duration_seconds_count")[0]?.labels).toEqual({
      __name__: "rpc_duration_seconds_count",
      ...SERIES_LABELS,
      method: "Pay",
    });
  });

  it("rejects delta temporality and exponential histograms with counted reasons", async () => {
    const deltaRequest = decodeBoth(
      await collect(
        (provider) => {
          const meter = provider.getMeter("orders", "1.2.0");
          meter.createCounter("jobs.done").add(1, { queue: "a" });
          meter.createCounter("jobs.done").add(1, { queue: "b" });
          meter.createHistogram("job.latency", { unit: "ms" }).record(4);
        },
        { temporality: () => AggregationTemporality.DELTA },
      ),
    );
    const delta = translate(deltaRequest);
    expect(delta.rejectedDataPoints).toBe(3);
    expect(delta.rejections).toEqual({ delta_temporality: 3 });
    expect(delta.samples.map((sample) => sample.labels.__name__)).toEqual(["target_info"]);

    const exponentialRequest = decodeBoth(
      await collect((provider) => provider.getMeter("orders").createHistogram("payload.size").record(10), {
        views: [
          { instrumentName: "payload.size", aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
        ],
      }),
    );
    expect(translate(exponentialRequest).rejections).toEqual({
      exponential_histogram_unsupported: 1,
    });
  });
});

describe("translateOtlpMetrics on hand-written OTLP JSON", () => {
  function decodeJson(body: unknown): OtlpMetricsRequest {
    const decoded = decodeOtlpMetrics(new TextEncoder().encode(JSON.stringify(body)), "json");
    if (!decoded.ok) throw new Error(decoded.error.message);
    return decoded.value;
  }

  it("translates summaries, int values, int64 strings and keeps resource labels over point attributes", () => {
    const request = decodeJson({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "api" } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: "gc.pause",
                  unit: "ms",
                  summary: {
                    dataPoints: [
                      {
                        timeUnixNano: "1700000000123456789",
                        count: "3",
                        sum: 12.5,
                        quantileValues: [
                          { quantile: 0.5, value: 4 },
                          { quantile: 1, value: 6 },
                        ],
                      },
                    ],
                  },
                },
                {
                  name: "open.files",
                  gauge: {
                    dataPoints: [
                      {
                        timeUnixNano: 1700000000000000000,
                        asInt: "42",
                        attributes: [{ key: "job", value: { stringValue: "spoofed" } }],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const { samples } = translate(request);
    expect(samples).toEqual([
      {
        labels: { __name__: "gc_pause_milliseconds", job: "api", quantile: "0.5" },
        timestampMs: 1700000000123,
        value: 4,
      },
      {
        labels: { __name__: "gc_pause_milliseconds", job: "api", quantile: "1" },
        timestampMs: 1700000000123,
        value: 6,
      },
      {
        labels: { __name__: "gc_pause_milliseconds_sum", job: "api" },
        timestampMs: 1700000000123,
        value: 12.5,
      },
      {
        labels: { __name__: "gc_pause_milliseconds_count", job: "api" },
        timestampMs: 1700000000123,
        value: 3,
      },
      { labels: { __name__: "open_files", job: "api" }, timestampMs: 1700000000000, value: 42 },
    ]);
  });

  it("counts histograms whose bucket counts do not fit the bounds, and points without a value", () => {
    const request = decodeJson({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: "h",
                  histogram: {
                    aggregationTemporality: 2,
                    dataPoints: [{ count: "2", bucketCounts: ["1", "1"], explicitBounds: [1, 2] }],
                  },
                },
                { name: "g", gauge: { dataPoints: [{ timeUnixNano: "1" }] } },
                { name: "...", gauge: { dataPoints: [{ asDouble: 1 }] } },
                { name: "s", sum: { dataPoints: [{ asDouble: 1 }] } },
              ],
            },
          ],
        },
      ],
    });
    const translation = translate(request);
    expect(translation.samples).toEqual([]);
    expect(translation.rejections).toEqual({
      invalid_histogram_buckets: 1,
      missing_value: 1,
      missing_name: 1,
      unspecified_temporality: 1,
    });
    expect(translation.rejectedDataPoints).toBe(4);
  });

  it("names the job unknown_service when the resource has no service.name", () => {
    const request = decodeJson({
      resourceMetrics: [
        { scopeMetrics: [{ metrics: [{ name: "up", gauge: { dataPoints: [{ asDouble: 1 }] } }] }] },
      ],
    });
    expect(translate(request).samples).toEqual([
      { labels: { __name__: "up", job: "unknown_service" }, timestampMs: RECEIVED_AT_MS, value: 1 },
    ]);
  });
});

describe("otlpLabels", () => {
  it("keeps attribute labels, lets the family's win, and adds the name and the family's extra label", () => {
    const family = {
      name: "http_requests_total",
      labels: { job: "api", instance: "a-1" },
      extraLabel: ["le", "0.5"] as const,
      key: "k",
    };
    expect(otlpLabels(family, { "http.route": "/x", job: "attribute-job" })).toEqual({
      http_route: "/x",
      job: "api",
      instance: "a-1",
      __name__: "http_requests_total",
      le: "0.5",
    });
  });

  // A label set is kept per series: one hidden class for all of them, not one each (V8 gives objects spread
  // at a busy site a class of their own). Read in a child process, which alone may use V8's natives syntax.
  it("gives the label sets of many series one hidden class", () => {
    const script = `
      import { otlpLabels } from ${JSON.stringify(new URL("./translate-otlp-metrics.ts", import.meta.url).href)};
      const family = { name: "m", labels: { job: "svc", instance: "i-1" }, extraLabel: undefined, key: "k" };
      const sets = [];
      for (let i = 0; i < 2000; i++) sets.push(otlpLabels(family, { host: "h-" + i, cpu: String(i % 64) }));
      console.log(sets.filter((labels) => !%HaveSameMap(labels, sets[0])).length);
    `;
    const output = execFileSync(
      process.execPath,
      ["--allow-natives-syntax", "--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(Number(output.trim())).toBe(0);
  });
});
