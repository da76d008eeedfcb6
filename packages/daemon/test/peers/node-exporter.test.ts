import type { Labels } from "@orbt/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TargetScraper } from "../../src/signals/scrape/target-scraper.js";
import { type PeerBinary, startPeerBinary } from "../support/peer-binary.js";
import { describeWithPeers, findBinary, NODE_EXPORTER } from "../support/peers.js";

describeWithPeers(
  { nodeExporterPath: findBinary(NODE_EXPORTER) },
  "TargetScraper against the real prometheus-node-exporter",
  ({ nodeExporterPath }) => {
    let exporter: PeerBinary;
    let url: string;
    beforeAll(async () => {
      exporter = await startPeerBinary(
        nodeExporterPath,
        async (port) => [`--web.listen-address=127.0.0.1:${port}`],
        "/metrics",
      );
      url = `${exporter.url}/metrics`;
    });
    afterAll(async () => {
      await exporter?.stop();
    });

    it("scrapes hundreds of node_ series with job and instance, twice without staleness", async () => {
      const labelsByRef: Labels[] = [];
      const appended: { labels: Labels; isStale: boolean }[] = [];
      const scraper = new TargetScraper({
        job: "node",
        target: {
          url,
          intervalMs: 15_000,
          timeoutMs: 10_000,
          labels: {},
          honorLabels: false,
          sampleLimit: 0,
          bodySizeLimitBytes: 0,
        },
        appender: {
          getOrCreateSeriesRef: (labels) => labelsByRef.push(labels) - 1,
          appendRef(ref: number, _timestampMs: number, _value: number, isStale: boolean) {
            appended.push({ labels: labelsByRef[ref]!, isStale });
            return "ok";
          },
        },
      });
      const first = await scraper.scrape();
      expect(first.error).toBeUndefined();
      expect(first.samplesScraped).toBeGreaterThan(200);
      const instance = new URL(url).host;
      const cpu = appended.find((a) => a.labels.__name__ === "node_cpu_seconds_total");
      expect(cpu?.labels).toMatchObject({ job: "node", instance, mode: expect.any(String) });
      const second = await scraper.scrape();
      expect(second.isUp).toBe(true);
      expect(second.seriesAdded).toBeLessThan(first.seriesAdded);
      expect(appended.filter((a) => a.isStale)).toEqual([]);
    });
  },
);
