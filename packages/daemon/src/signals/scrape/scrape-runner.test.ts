import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { Labels } from "@orbt/core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../../test/support/local-http-server.js";
import { freePort } from "../../../test/support/ports.js";
import type { ScrapeTargetConfig } from "../../config/orbt-config.js";
import { createLogger } from "../../create-logger.js";
import { ScrapeRunner } from "./scrape-runner.js";
import type { ScrapeReport } from "./target-scraper.js";

let exporter: LocalHttpServer;
beforeAll(async () => {
  exporter = await startLocalHttpServer((_, response) => response.end("hits_total 1\n"));
});
afterAll(() => exporter.close());

function target(url: string): ScrapeTargetConfig {
  return {
    url,
    intervalMs: 200,
    timeoutMs: 200,
    labels: {},
    honorLabels: false,
    sampleLimit: 0,
    bodySizeLimitBytes: 0,
  };
}

it("scrapes every service's targets on their interval until stopped", async () => {
  const labelsByRef: Labels[] = [];
  const ups: { labels: Labels; value: number }[] = [];
  const reports: [string, ScrapeReport][] = [];
  const lines: string[] = [];
  const runner = new ScrapeRunner({
    services: [
      { name: "web", scrape: [target(`${exporter.url}/metrics`)] },
      { name: "gone", scrape: [target(`http://127.0.0.1:${await freePort()}/metrics`)] },
    ],
    appender: {
      getOrCreateSeriesRef: (labels) => labelsByRef.push(labels) - 1,
      appendRef(ref: number, _: number, value: number) {
        const labels = labelsByRef[ref]!;
        if (labels.__name__ === "up") ups.push({ labels, value });
        return "ok";
      },
    },
    log: createLogger({ level: "info", destination: { write: (line: string) => lines.push(line) } }),
    onScrape: (job, _, report) => reports.push([job, report]),
  });
  runner.start();
  await vi.waitFor(() => {
    expect(reports.filter(([job]) => job === "web").length).toBeGreaterThanOrEqual(3);
    expect(reports.filter(([job]) => job === "gone").length).toBeGreaterThanOrEqual(3);
  });
  await runner.stop();
  const countAfterStop = ups.length;
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(ups.length).toBe(countAfterStop);
  expect(ups.some((up) => up.labels.job === "web" && up.value === 1)).toBe(true);
  expect(ups.some((up) => up.labels.job === "gone" && up.value === 0)).toBe(true);
  // A target that stays down is logged once, not on every scrape.
  const downLines = lines
    .map((line) => JSON.parse(line))
    .filter((entry) => entry.msg === "scrape target down" && entry.job === "gone");
  expect(downLines).toEqual([expect.objectContaining({ job: "gone", module: "signals/scrape" })]);
});

it("closes the targets' kept connections when stopped", async () => {
  const open = new Set<Socket>();
  const server: Server = createServer((_, response) => response.end("hits_total 1\n"));
  server.on("connection", (socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const reports: ScrapeReport[] = [];
  const runner = new ScrapeRunner({
    services: [{ name: "web", scrape: [target(`http://127.0.0.1:${port}/metrics`)] }],
    appender: { getOrCreateSeriesRef: () => 0, appendRef: () => "ok" },
    log: createLogger({ level: "silent" }),
    onScrape: (_, __, report) => reports.push(report),
  });
  try {
    runner.start();
    await vi.waitFor(() => expect(reports.filter((report) => report.isUp).length).toBeGreaterThanOrEqual(2));
    expect(open.size).toBe(1);
    await runner.stop();
    await vi.waitFor(() => expect(open.size).toBe(0));
  } finally {
    server.close();
  }
});
