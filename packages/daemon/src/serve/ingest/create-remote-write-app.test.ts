import type { AppendedSample } from "@orbt/core";
import { Registry } from "prom-client";
import { compress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { DEFAULT_INGEST_LIMITS } from "../../ingest/ingest-limits.js";
import { registerIngestMetrics } from "../../ingest/ingest-metrics.js";
import { WriteRequestType } from "../../ingest/remote-write/remote-write-proto.js";
import type { SeriesAppender } from "../../series-appender.js";
import { createRemoteWriteApp } from "./create-remote-write-app.js";

/** Refuses samples not newer than the series' newest, as a TSDB head does. */
class OrderedStore implements SeriesAppender {
  readonly newestMs = new Map<string, number>();
  readonly appended: { labels: Readonly<Record<string, string>>; samples: AppendedSample[] }[] = [];

  append(labels: Readonly<Record<string, string>>, samples: readonly AppendedSample[]) {
    const key = JSON.stringify(labels);
    let outOfOrder = 0;
    const kept: AppendedSample[] = [];
    for (const sample of samples) {
      if (sample.timestampMs <= (this.newestMs.get(key) ?? Number.NEGATIVE_INFINITY)) outOfOrder += 1;
      else {
        kept.push(sample);
        this.newestMs.set(key, sample.timestampMs);
      }
    }
    this.appended.push({ labels, samples: kept });
    return { outOfOrder };
  }
}

function writeBody(series: readonly { labels: Record<string, string>; samples: [number, number][] }[]) {
  const message = WriteRequestType.fromObject({
    timeseries: series.map(({ labels, samples }) => ({
      labels: Object.entries(labels).map(([name, value]) => ({ name, value })),
      samples: samples.map(([timestamp, value]) => ({ timestamp, value })),
    })),
  });
  return compress(WriteRequestType.encode(message).finish());
}

const HEADERS = {
  "content-type": "application/x-protobuf",
  "content-encoding": "snappy",
  "x-prometheus-remote-write-version": "0.1.0",
};

function setUp() {
  const store = new OrderedStore();
  const registry = new Registry();
  const app = createRemoteWriteApp({
    series: store,
    limits: { ...DEFAULT_INGEST_LIMITS, maxBodyBytes: 4096, maxLabelValueLength: 16 },
    metrics: registerIngestMetrics(registry),
  });
  const post = (body: Uint8Array, headers: Record<string, string> = HEADERS) =>
    app.request("/api/v1/write", { method: "POST", headers, body: body as Uint8Array<ArrayBuffer> });
  return { store, registry, post };
}

describe("createRemoteWriteApp", () => {
  it("stores samples with 204 and counts out-of-order and over-long samples as rejected", async () => {
    const { store, registry, post } = setUp();
    const up = { __name__: "up", job: "web" };
    expect((await post(writeBody([{ labels: up, samples: [[2000, 1]] }]))).status).toBe(204);
    const second = writeBody([
      {
        labels: up,
        samples: [
          [1000, 0],
          [3000, 1],
        ],
      },
      { labels: { __name__: "up", job: "x".repeat(40) }, samples: [[3000, 1]] },
    ]);
    expect((await post(second)).status).toBe(204);
    expect(store.appended.flatMap((entry) => entry.samples.map((sample) => sample.timestampMs))).toEqual([
      2000, 3000,
    ]);
    const text = await registry.metrics();
    expect(text).toContain(
      'orbt_ingest_samples_total{receiver="remote_write",outcome="accepted",reason=""} 2',
    );
    expect(text).toContain('receiver="remote_write",outcome="rejected",reason="out_of_order"} 1');
    expect(text).toContain('receiver="remote_write",outcome="rejected",reason="label_limits"} 1');
  });

  it("answers 400, 413 and 415 with the error envelope", async () => {
    const { post } = setUp();
    const bad = await post(Uint8Array.of(1, 2, 3));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: "malformed_body", message: expect.any(String) } });
    expect((await post(new Uint8Array(5000))).status).toBe(413);
    expect((await post(writeBody([]), { ...HEADERS, "content-type": "application/json" })).status).toBe(415);
  });

  it("answers 503, which the sender retries, when the store fails", async () => {
    const app = createRemoteWriteApp({
      series: {
        append: () => {
          throw new Error("disk full");
        },
      },
      limits: DEFAULT_INGEST_LIMITS,
      metrics: registerIngestMetrics(new Registry()),
    });
    const body = writeBody([{ labels: { __name__: "up" }, samples: [[1, 1]] }]) as Uint8Array<ArrayBuffer>;
    const response = await app.request("/api/v1/write", { method: "POST", headers: HEADERS, body });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
  });
});
