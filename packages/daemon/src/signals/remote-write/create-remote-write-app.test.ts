import { ChunkedSeriesStore } from "@orbt/core";
import { Registry } from "prom-client";
import { compress } from "snappyjs";
import { afterAll, describe, expect, it } from "vitest";
import { DecodePool } from "../ingest/decode-pool.js";
import { INLINE_DECODER, type IngestDecoder } from "../ingest/ingest-decoder.js";
import { DEFAULT_INGEST_LIMITS } from "../ingest/ingest-limits.js";
import { registerIngestMetrics } from "../ingest/ingest-metrics.js";
import { createRemoteWriteApp } from "./create-remote-write-app.js";
import { WriteRequestType } from "./remote-write-proto.js";

/** The chunked store, counting the label sets it was asked to resolve. */
class CountingStore extends ChunkedSeriesStore {
  lookups = 0;

  override getOrCreateSeriesRef(labels: Readonly<Record<string, string>>): number {
    this.lookups += 1;
    return super.getOrCreateSeriesRef(labels);
  }

  /** Timestamps and values of every series, by series. */
  dump(): Record<string, [number, number][]> {
    const out: Record<string, [number, number][]> = {};
    for (const series of this.select([{ name: "__name__", type: "=~", value: ".+" }], -Infinity, Infinity)) {
      out[JSON.stringify(series.labels)] = Array.from(series.timestampsMs, (t, i) => [t, series.values[i]!]);
    }
    return out;
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

/** The app with `decoder` taking every body, however small, unless `inlineBelowBytes` says otherwise. */
function setUp(decoder: IngestDecoder = INLINE_DECODER, inlineBelowBytes = 0) {
  const store = new CountingStore();
  const registry = new Registry();
  const app = createRemoteWriteApp({
    series: store,
    limits: { ...DEFAULT_INGEST_LIMITS, maxBodyBytes: 4096, maxLabelValueLength: 16, maxSeriesPerService: 2 },
    metrics: registerIngestMetrics(registry),
    decoder,
    inlineBelowBytes,
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
    expect(store.dump()).toEqual({
      [JSON.stringify(up)]: [
        [2000, 1],
        [3000, 1],
      ],
    });
    const text = await registry.metrics();
    expect(text).toContain(
      'orbt_ingest_samples_total{receiver="remote_write",outcome="accepted",reason=""} 2',
    );
    expect(text).toContain('receiver="remote_write",outcome="rejected",reason="out_of_order"} 1');
    expect(text).toContain('receiver="remote_write",outcome="rejected",reason="label_limits"} 1');
  });

  it("resolves a series sent again by its label bytes, and again after the store dropped it", async () => {
    const { store, registry, post } = setUp();
    const up = { __name__: "up", instance: "a", job: "web" };
    for (const timestampMs of [1000, 2000, 3000]) {
      expect((await post(writeBody([{ labels: up, samples: [[timestampMs, 1]] }]))).status).toBe(204);
    }
    expect(store.lookups).toBe(1);
    expect(store.truncateBefore(10_000)).toBe(1);
    expect((await post(writeBody([{ labels: up, samples: [[20_000, 2]] }]))).status).toBe(204);
    expect(store.lookups).toBe(2);
    expect(store.dump()).toEqual({ [JSON.stringify(up)]: [[20_000, 2]] });
    expect(await registry.metrics()).toContain(
      'orbt_ingest_samples_total{receiver="remote_write",outcome="accepted",reason=""} 4',
    );
  });

  it("appends a series' samples in time order whatever order they came in", async () => {
    const { store, registry, post } = setUp();
    const up = { __name__: "up", job: "web" };
    const samples: [number, number][] = [
      [3000, 3],
      [1000, 1],
      [2000, 2],
    ];
    expect((await post(writeBody([{ labels: up, samples }]))).status).toBe(204);
    expect(store.dump()).toEqual({
      [JSON.stringify(up)]: [
        [1000, 1],
        [2000, 2],
        [3000, 3],
      ],
    });
    expect(await registry.metrics()).not.toContain('reason="out_of_order"');
  });

  it("refuses series past the service's cardinality limit, counting the reason", async () => {
    const { store, registry, post } = setUp();
    const series = (instance: string) => ({
      labels: { __name__: "up", job: "web", instance },
      samples: [[1, 1]] as [number, number][],
    });
    expect((await post(writeBody([series("a"), series("b"), series("c")]))).status).toBe(204);
    expect(
      (
        await post(
          writeBody([
            { ...series("a"), samples: [[2, 1]] },
            { ...series("c"), samples: [[2, 1]] },
          ]),
        )
      ).status,
    ).toBe(204);
    expect(Object.keys(store.dump())).toHaveLength(2);
    const text = await registry.metrics();
    expect(text).toContain('receiver="remote_write",outcome="rejected",reason="cardinality_limit"} 2');
    expect(text).toContain(
      'orbt_ingest_samples_total{receiver="remote_write",outcome="accepted",reason=""} 3',
    );
  });

  it("stores nothing of a request with one malformed series", async () => {
    const { store, post } = setUp();
    const response = await post(
      writeBody([
        { labels: { __name__: "up", job: "web" }, samples: [[1, 1]] },
        { labels: { job: "web" }, samples: [[1, 1]] },
      ]),
    );
    expect(response.status).toBe(400);
    expect(store.dump()).toEqual({});
    expect(store.lookups).toBe(0);
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
        getOrCreateSeriesRef: () => 1,
        appendRef: () => {
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

  describe("decoding on threads", () => {
    const pool = new DecodePool(2);
    afterAll(() => pool.close());

    it("stores what decoding on the event loop stores, and answers bad bodies the same", async () => {
      const bodies = [
        writeBody([{ labels: { __name__: "up", job: "web" }, samples: [[1000, 1]] }]),
        writeBody([
          {
            labels: { __name__: "up", job: "web" },
            samples: [
              [3000, 3],
              [2000, 2],
            ],
          },
          { labels: { __name__: "load", job: "web", cpu: "0" }, samples: [[2000, 0.5]] },
        ]),
        writeBody([{ labels: { __name__: "up", job: "web" }, samples: [[1500, 9]] }]),
      ];
      const inline = setUp();
      const threaded = setUp(pool);
      for (const body of bodies) {
        expect((await threaded.post(body.slice())).status).toBe((await inline.post(body.slice())).status);
      }
      expect(threaded.store.dump()).toEqual(inline.store.dump());
      expect(Object.keys(threaded.store.dump())).toHaveLength(2);
      const bad = await threaded.post(Uint8Array.of(1, 2, 3));
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: { code: "malformed_body", message: expect.any(String) } });
      expect(
        (await threaded.post(writeBody([]), { ...HEADERS, "content-type": "application/json" })).status,
      ).toBe(415);
    });

    it("decodes a body smaller than inlineBelowBytes on the event loop, a larger one on its decoder", async () => {
      const decoded: number[] = [];
      const threadsDown: IngestDecoder = {
        decode: (_kind, task) => {
          decoded.push((task as { body: Uint8Array }).body.byteLength);
          return Promise.reject(new Error("decode thread exited"));
        },
        close: async () => {},
      };
      const small = writeBody([{ labels: { __name__: "up", job: "web" }, samples: [[1000, 1]] }]);
      const large = writeBody([
        { labels: { __name__: "up", job: "web" }, samples: [[2000, 1]] },
        { labels: { __name__: "up", job: "api" }, samples: [[2000, 1]] },
      ]);
      const { post, store } = setUp(threadsDown, small.byteLength + 1);
      expect(large.byteLength).toBeGreaterThan(small.byteLength);
      expect((await post(small)).status).toBe(204);
      expect((await post(large)).status).toBe(503);
      expect(decoded).toEqual([large.byteLength]);
      expect(Object.keys(store.dump())).toHaveLength(1);
    });

    it("answers 503 when its decode thread failed, and serves the next request", async () => {
      let failures = 1;
      const { post, store } = setUp({
        decode: (kind, task) =>
          failures-- > 0
            ? Promise.reject(new Error("decode thread exited"))
            : INLINE_DECODER.decode(kind, task),
        close: async () => {},
      });
      const body = writeBody([{ labels: { __name__: "up", job: "web" }, samples: [[1000, 1]] }]);
      const failed = await post(body.slice());
      expect(failed.status).toBe(503);
      expect(await failed.json()).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
      expect((await post(body.slice())).status).toBe(204);
      expect(Object.keys(store.dump())).toHaveLength(1);
    });
  });
});
