import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ChunkedSeriesStore, evaluateInstant } from "@orbt/core";
import { Hono } from "hono";
import { Registry } from "prom-client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_INGEST_LIMITS } from "../../src/signals/ingest/ingest-limits.js";
import { registerIngestMetrics } from "../../src/signals/ingest/ingest-metrics.js";
import { createRemoteWriteApp } from "../../src/signals/remote-write/create-remote-write-app.js";
import {
  type LocalHttpServer,
  type ServedApp,
  serveLocally,
  startLocalHttpServer,
} from "../support/local-http-server.js";
import { type PeerBinary, startPeerBinary } from "../support/peer-binary.js";
import { describeWithPeers, findBinary, PROMETHEUS } from "../support/peers.js";
import { waitFor } from "../support/wait-for.js";

const EXPOSITION = `# TYPE shop_orders_total counter
shop_orders_total{route="/buy",code="200"} 42
shop_orders_total{route="/buy",code="500"} 3
# TYPE shop_queue_depth gauge
shop_queue_depth{queue="mail"} 7.5
`;

const QUERIES = [
  'shop_orders_total{job="shop"}',
  "sum by (code) (shop_orders_total)",
  "shop_queue_depth * 2",
  'up{job="shop"}',
];

type PromVector = { metric: Record<string, string>; value: [number, string] }[];

describeWithPeers(
  { prometheusPath: findBinary(PROMETHEUS) },
  "a real Prometheus remote-writing to the route",
  ({ prometheusPath }) => {
    const store = new ChunkedSeriesStore();
    const app = new Hono();
    app.route(
      "/prometheus",
      createRemoteWriteApp({
        series: store,
        limits: DEFAULT_INGEST_LIMITS,
        metrics: registerIngestMetrics(new Registry()),
      }),
    );
    let receiver: ServedApp;
    let target: LocalHttpServer;
    let prometheus: PeerBinary;

    beforeAll(async () => {
      receiver = await serveLocally(app.fetch);
      target = await startLocalHttpServer((_, response) => {
        response.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(EXPOSITION);
      });
      const config = `global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: shop
    static_configs:
      - targets: ["${new URL(target.url).host}"]
remote_write:
  - url: ${receiver.url}/prometheus/api/v1/write
    queue_config:
      batch_send_deadline: 1s
      min_backoff: 100ms
`;
      prometheus = await startPeerBinary(prometheusPath, async (peerPort, dir) => {
        const file = join(dir, "prometheus.yml");
        await writeFile(file, config);
        return [
          `--config.file=${file}`,
          `--storage.tsdb.path=${join(dir, "data")}`,
          `--web.listen-address=127.0.0.1:${peerPort}`,
        ];
      });
    });

    afterAll(async () => {
      await prometheus?.stop();
      await target?.close();
      await receiver?.close();
    });

    function queryStore(query: string, atMs: number): [Record<string, string>, number][] {
      const result = evaluateInstant(query, atMs, store);
      if (!result.ok || result.value.value.resultType !== "vector") throw new Error(`query failed: ${query}`);
      return sortByLabels(result.value.value.result.map((sample) => [{ ...sample.metric }, sample.value]));
    }

    async function queryPrometheus(query: string, atMs: number): Promise<[Record<string, string>, number][]> {
      const url = `${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}&time=${atMs / 1000}`;
      const body = (await (await fetch(url)).json()) as { data: { result: PromVector } };
      return sortByLabels(body.data.result.map((sample) => [sample.metric, Number(sample.value[1])]));
    }

    it("holds the scraped series after a scrape cycle, answering the same PromQL as Prometheus", async () => {
      await waitFor(
        "remote-written samples of the scrape target",
        () => queryStore('shop_orders_total{job="shop"}', Date.now()).length === 2 || undefined,
        30_000,
      );
      const atMs = Date.now();
      expect(queryStore('shop_orders_total{code="500"}', atMs)).toEqual([
        [expect.objectContaining({ __name__: "shop_orders_total", job: "shop", route: "/buy" }), 3],
      ]);
      for (const query of QUERIES) {
        expect(queryStore(query, atMs), query).toEqual(await queryPrometheus(query, atMs));
      }
    });
  },
);

function sortByLabels<T extends [Record<string, string>, number]>(rows: T[]): T[] {
  return rows.sort((a, b) => JSON.stringify(a[0]).localeCompare(JSON.stringify(b[0])));
}
