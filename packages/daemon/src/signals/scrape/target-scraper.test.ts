import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { type AppendOutcome, ChunkedSeriesStore, type Labels } from "@orbt/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type LocalHttpServer,
  type ReceivedRequest,
  startLocalHttpServer,
} from "../../../test/support/local-http-server.js";
import { freePort } from "../../../test/support/ports.js";
import type { ScrapeTargetConfig } from "../../config/orbt-config.js";
import { type SeriesRefAppender, toSeriesAppender } from "../series-appender.js";
import { SCRAPE_ACCEPT_HEADER } from "./fetch-exposition.js";
import { TargetScraper } from "./target-scraper.js";

type Appended = { labels: Labels; timestampMs: number; value: number; isStale: boolean };

/** Records every sample with its labels; one ref per distinct label set, as a store hands them out. */
class RecordingAppender implements SeriesRefAppender {
  readonly appended: Appended[] = [];
  readonly #refs = new Map<string, number>();
  readonly #labels: Labels[] = [];

  getOrCreateSeriesRef(labels: Labels): number {
    const key = JSON.stringify(labels);
    let ref = this.#refs.get(key);
    if (ref === undefined) {
      ref = this.#labels.push(labels) - 1;
      this.#refs.set(key, ref);
    }
    return ref;
  }

  appendRef(ref: number, timestampMs: number, value: number, isStale: boolean): AppendOutcome {
    this.appended.push({ labels: this.#labels[ref]!, timestampMs, value, isStale });
    return "ok";
  }

  at(timestampMs: number): Appended[] {
    return this.appended.filter((a) => a.timestampMs === timestampMs);
  }

  valueOf(name: string, timestampMs: number): number | undefined {
    return this.at(timestampMs).find((a) => a.labels.__name__ === name)?.value;
  }

  /** The scraped samples (not `up`/`scrape_*`) at a time, as `series value` with the scraped labels. */
  scraped(timestampMs: number): string[] {
    return this.at(timestampMs)
      .filter((a) => a.labels.__name__ !== "up" && !a.labels.__name__!.startsWith("scrape_"))
      .map(({ labels, value, isStale }) => {
        const { __name__, job: _job, instance: _instance, ...rest } = labels;
        const shown = Object.entries(rest).map(([name, v]) => `${name}=${v}`);
        return `${__name__}{${shown.join(",")}} ${isStale ? "stale" : value}`;
      });
  }

  staleNames(timestampMs: number): string[] {
    return this.at(timestampMs)
      .filter((a) => a.isStale)
      .map((a) => a.labels.__name__!);
  }
}

/** What the test exporter serves next; tests change it between scrapes. */
type Exposition = {
  body: string;
  status: number;
  contentType: string;
  isGzipped: boolean;
  isHanging: boolean;
  /** Sends the headers and the body, then holds the response open without ending it. */
  isStalledMidBody: boolean;
};

const TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

describe("TargetScraper against a real exporter on 127.0.0.1", () => {
  let exporter: LocalHttpServer;
  let serving: Exposition;
  let clockMs: number;
  const requests: ReceivedRequest[] = [];

  beforeAll(async () => {
    exporter = await startLocalHttpServer((request, response: ServerResponse) => {
      requests.push(request);
      if (serving.isHanging) return;
      response.statusCode = serving.status;
      response.setHeader("content-type", serving.contentType);
      if (serving.isStalledMidBody) {
        response.write(serving.body);
        return;
      }
      if (serving.isGzipped && String(request.headers["accept-encoding"]).includes("gzip")) {
        response.setHeader("content-encoding", "gzip");
        response.end(gzipSync(serving.body));
        return;
      }
      response.end(serving.body);
    });
  });
  afterAll(() => exporter.close());
  beforeEach(() => {
    serving = {
      body: "",
      status: 200,
      contentType: TEXT_FORMAT,
      isGzipped: false,
      isHanging: false,
      isStalledMidBody: false,
    };
    requests.length = 0;
    clockMs = 1_700_000_000_000;
  });

  function makeScraper<A extends SeriesRefAppender = RecordingAppender>(
    target: Partial<ScrapeTargetConfig> = {},
    appender: A = new RecordingAppender() as unknown as A,
  ) {
    const scraper = new TargetScraper({
      job: "web",
      target: {
        url: `${exporter.url}/metrics`,
        intervalMs: 15_000,
        timeoutMs: 5_000,
        labels: {},
        honorLabels: false,
        sampleLimit: 0,
        bodySizeLimitBytes: 0,
        ...target,
      },
      appender,
      nowMs: () => clockMs,
    });
    const scrapeAt = async (timestampMs: number) => {
      clockMs = timestampMs;
      return scraper.scrape();
    };
    return { appender, scraper, scrapeAt };
  }

  it("labels series with job, instance and configured labels, and reports up and scrape_* series", async () => {
    serving.body =
      '# TYPE requests_total counter\nrequests_total{code="200"} 7\nrequests_total{code="500"} 1\n';
    const { appender, scrapeAt } = makeScraper({ labels: { env: "prod" } });
    const report = await scrapeAt(1_000);
    const instance = exporter.url.replace("http://", "");
    expect(report).toMatchObject({ isUp: true, samplesScraped: 2, samplesPostRelabeling: 2, seriesAdded: 2 });
    expect(report.durationSeconds).toBeGreaterThan(0);
    expect(report.durationSeconds).toBeLessThan(5);
    expect(appender.at(1_000).slice(0, 2)).toEqual([
      {
        labels: { __name__: "requests_total", code: "200", env: "prod", instance, job: "web" },
        timestampMs: 1_000,
        value: 7,
        isStale: false,
      },
      {
        labels: { __name__: "requests_total", code: "500", env: "prod", instance, job: "web" },
        timestampMs: 1_000,
        value: 1,
        isStale: false,
      },
    ]);
    const up = appender.at(1_000).find((a) => a.labels.__name__ === "up");
    expect(up).toEqual({
      labels: { __name__: "up", env: "prod", instance, job: "web" },
      timestampMs: 1_000,
      value: 1,
      isStale: false,
    });
    expect(appender.valueOf("scrape_duration_seconds", 1_000)).toBe(report.durationSeconds);
    expect(appender.valueOf("scrape_samples_scraped", 1_000)).toBe(2);
    expect(appender.valueOf("scrape_samples_post_metric_relabeling", 1_000)).toBe(2);
    expect(appender.valueOf("scrape_series_added", 1_000)).toBe(2);
    // The same lines again are known series: none added.
    expect((await scrapeAt(2_000)).seriesAdded).toBe(0);
  });

  it("sends Prometheus's Accept header and reads OpenMetrics, timestamps in seconds", async () => {
    serving.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    serving.body = '# TYPE jobs counter\njobs_total{q="a"} 3 1700000000.5 # {trace_id="x"} 1\n# EOF\n';
    const { appender, scrapeAt } = makeScraper();
    expect((await scrapeAt(5_000)).isUp).toBe(true);
    expect(requests[0]?.headers.accept).toBe(SCRAPE_ACCEPT_HEADER);
    expect(requests[0]?.headers["x-prometheus-scrape-timeout-seconds"]).toBe("5");
    expect(appender.appended[0]).toMatchObject({
      labels: { q: "a" },
      timestampMs: 1_700_000_000_500,
      value: 3,
    });
  });

  it("fails an OpenMetrics body without # EOF as a parse error", async () => {
    serving.contentType = "application/openmetrics-text; version=1.0.0";
    serving.body = "jobs_total 3\n";
    const { scrapeAt } = makeScraper();
    expect((await scrapeAt(5_000)).error).toEqual({
      code: "parse",
      message: "line 1: OpenMetrics data does not end with # EOF",
    });
  });

  it("asks for gzip and reads a gzipped body", async () => {
    serving.isGzipped = true;
    serving.body = Array.from({ length: 500 }, (_, i) => `g{i="${i}"} ${i}\n`).join("");
    const { appender, scrapeAt } = makeScraper();
    expect(await scrapeAt(1_000)).toMatchObject({ isUp: true, samplesScraped: 500 });
    expect(requests[0]?.headers["accept-encoding"]).toContain("gzip");
    expect(appender.appended[499]).toMatchObject({ labels: { i: "499" }, value: 499 });
  });

  it("marks a vanished series stale at the next scrape's timestamp", async () => {
    const { appender, scrapeAt } = makeScraper();
    serving.body = "a 1\nb 2\n";
    await scrapeAt(1_000);
    serving.body = "a 1\n";
    await scrapeAt(2_000);
    expect(appender.staleNames(2_000)).toEqual(["b"]);
    const stale = appender.at(2_000).find((a) => a.isStale)!;
    expect(stale.value).toBeNaN();
    serving.body = "a 1\nb 3\n";
    await scrapeAt(3_000);
    expect(appender.staleNames(3_000)).toEqual([]);
    expect(appender.valueOf("b", 3_000)).toBe(3);
  });

  it("marks every previous series stale and reports up 0 when the target goes down", async () => {
    const { appender, scrapeAt } = makeScraper();
    serving.body = "a 1\nb 2\n";
    await scrapeAt(1_000);
    serving.status = 503;
    const report = await scrapeAt(2_000);
    expect(report).toMatchObject({
      isUp: false,
      error: { code: "http_status", message: "server returned HTTP status 503" },
    });
    expect(appender.staleNames(2_000)).toEqual(["a", "b"]);
    expect(appender.valueOf("up", 2_000)).toBe(0);
    // Already marked: a second failure writes no more markers.
    await scrapeAt(3_000);
    expect(appender.staleNames(3_000)).toEqual([]);
  });

  it("reports a refused connection and a timeout as scrape errors", async () => {
    const refused = new TargetScraper({
      job: "web",
      target: {
        url: `http://127.0.0.1:${await freePort()}/metrics`,
        intervalMs: 15_000,
        timeoutMs: 5_000,
        labels: {},
        honorLabels: false,
        sampleLimit: 0,
        bodySizeLimitBytes: 0,
      },
      appender: new RecordingAppender(),
    });
    const refusedReport = await refused.scrape();
    expect(refusedReport.error?.code).toBe("fetch_failed");
    expect(refusedReport.error?.message).toContain("ECONNREFUSED");
    serving.isHanging = true;
    const { scrapeAt } = makeScraper({ timeoutMs: 300 });
    expect((await scrapeAt(1_000)).error).toEqual({
      code: "timeout",
      message: "scrape timed out after 300ms",
    });
  });

  it("times out a body that stops coming after the headers, appending nothing of it", async () => {
    serving.body = "a 1\nb 2\n";
    serving.isStalledMidBody = true;
    const { appender, scrapeAt } = makeScraper({ timeoutMs: 300 });
    expect((await scrapeAt(1_000)).error).toEqual({
      code: "timeout",
      message: "scrape timed out after 300ms",
    });
    expect(appender.appended.filter((a) => a.labels.__name__ === "a")).toEqual([]);
  });

  it("reads a gzipped body in many chunks up to body_size_limit, counted decompressed", async () => {
    serving.isGzipped = true;
    serving.body = Array.from({ length: 5_000 }, (_, i) => `series_${i} ${i}\n`).join("");
    const { appender, scrapeAt } = makeScraper({ bodySizeLimitBytes: serving.body.length });
    expect((await scrapeAt(1_000)).error).toBeUndefined();
    expect(appender.appended.filter((a) => a.labels.__name__?.startsWith("series_")).length).toBe(5_000);
    const { scrapeAt: scrapeLimited } = makeScraper({ bodySizeLimitBytes: serving.body.length - 1 });
    expect((await scrapeLimited(2_000)).error?.code).toBe("body_size_limit");
  });

  it("appends nothing for a scrape aborted by the runner stopping", async () => {
    const { appender, scraper } = makeScraper();
    serving.body = "a 1\n";
    await scraper.scrape();
    serving.isHanging = true;
    const stop = new AbortController();
    const scraping = scraper.scrape(stop.signal);
    stop.abort();
    expect((await scraping).error?.code).toBe("aborted");
    expect(
      appender.appended.filter((a) => a.isStale || (a.labels.__name__ === "up" && a.value === 0)),
    ).toEqual([]);
  });

  it("honor_labels false keeps clashing scraped labels as exported_<name>", async () => {
    serving.body = 'm{job="batch",exported_job="old",instance="x",code="1"} 1\n';
    const { appender, scrapeAt } = makeScraper();
    await scrapeAt(1_000);
    expect(appender.appended[0]?.labels).toEqual({
      __name__: "m",
      code: "1",
      exported_exported_job: "batch",
      exported_instance: "x",
      exported_job: "old",
      instance: exporter.url.replace("http://", ""),
      job: "web",
    });
  });

  it("honor_labels true keeps the scraped values and fills in missing target labels", async () => {
    serving.body = 'm{job="batch",code="1"} 1\n';
    const { appender, scrapeAt } = makeScraper({ honorLabels: true });
    await scrapeAt(1_000);
    expect(appender.appended[0]?.labels).toEqual({
      __name__: "m",
      code: "1",
      instance: exporter.url.replace("http://", ""),
      job: "batch",
    });
  });

  it("fails the whole scrape past sample_limit, appending none of its samples", async () => {
    const { appender, scrapeAt } = makeScraper({ sampleLimit: 2 });
    serving.body = "a 1\nb 2\n";
    expect((await scrapeAt(1_000)).isUp).toBe(true);
    serving.body = "a 1\nb 2\nc 3\n";
    const report = await scrapeAt(2_000);
    expect(report).toMatchObject({
      isUp: false,
      samplesScraped: 3,
      error: { code: "sample_limit", message: "sample_limit exceeded: 3 samples, limit 2" },
    });
    expect(appender.at(2_000).filter((a) => !a.isStale && !a.labels.__name__!.startsWith("scrape_"))).toEqual(
      [expect.objectContaining({ labels: expect.objectContaining({ __name__: "up" }), value: 0 })],
    );
    expect(appender.staleNames(2_000)).toEqual(["a", "b"]);
  });

  it("aborts a body past body_size_limit, streamed or declared", async () => {
    serving.body = `big ${"1".repeat(2_000)}\n`;
    const { scrapeAt } = makeScraper({ bodySizeLimitBytes: 1_000 });
    expect((await scrapeAt(1_000)).error).toEqual({
      code: "body_size_limit",
      message: "body exceeds body_size_limit of 1000 bytes",
    });
    // Gzipped, the limit counts decompressed bytes while reading.
    serving.isGzipped = true;
    serving.body = Array.from({ length: 1_000 }, (_, i) => `g{i="${i}"} ${i}\n`).join("");
    expect((await scrapeAt(2_000)).error?.code).toBe("body_size_limit");
    serving.body = "small 1\n";
    expect((await scrapeAt(3_000)).isUp).toBe(true);
  });

  it("reports a body past body_size_limit over a malformed line that came first", async () => {
    // Gzipped, so that the body arrives in chunks of 16 KiB, the first scanned before the limit trips.
    serving.isGzipped = true;
    const lines = Array.from({ length: 10_000 }, (_, i) => `g{i="${i}"} ${i}\n`).join("");
    serving.body = `bad{a="1" 2\n${lines}`;
    const { scrapeAt } = makeScraper({ bodySizeLimitBytes: 100_000 });
    expect((await scrapeAt(1_000)).error?.code).toBe("body_size_limit");
  });

  it("fails on a malformed line, naming it, and appends nothing read before it", async () => {
    serving.body = 'ok 1\nbad{a="1" 2\n';
    const { appender, scrapeAt } = makeScraper();
    expect((await scrapeAt(1_000)).error).toEqual({
      code: "parse",
      message: "line 2: unterminated label set",
    });
    expect(appender.at(1_000).some((a) => a.labels.__name__ === "ok")).toBe(false);
    serving.body = 'ok{a="1",a="2"} 1\n';
    expect((await scrapeAt(2_000)).error?.message).toContain("line 1: duplicate label a");
  });

  it("keeps the first of a repeated series and takes explicit timestamps without staleness", async () => {
    serving.body = "a 1\na 2\nt 5 900\n";
    const { appender, scrapeAt } = makeScraper();
    expect((await scrapeAt(1_000)).samplesPostRelabeling).toBe(2);
    expect(appender.appended.slice(0, 2).map((a) => [a.labels.__name__, a.value, a.timestampMs])).toEqual([
      ["a", 1, 1_000],
      ["t", 5, 900],
    ]);
    // Lines without a timestamp after a scrape that had one still take the scrape's.
    serving.body = "a 3\nt 6 1900\n";
    await scrapeAt(2_000);
    expect(appender.valueOf("a", 2_000)).toBe(3);
    expect(appender.valueOf("t", 1_900)).toBe(6);
    serving.body = "";
    await scrapeAt(3_000);
    expect(appender.staleNames(3_000)).toEqual(["a"]);
  });

  describe("the line cache", () => {
    it("takes a line whose text changed for another series and marks the old one stale", async () => {
      const { appender, scrapeAt } = makeScraper();
      serving.body = 'a{x="1"} 1\nb 2\n';
      await scrapeAt(1_000);
      serving.body = 'a{x="2"} 1\nb 3\n';
      const report = await scrapeAt(2_000);
      expect(report).toMatchObject({ isUp: true, samplesPostRelabeling: 2, seriesAdded: 1 });
      expect(appender.scraped(2_000)).toEqual(["a{x=2} 1", "b{} 3", "a{x=1} stale"]);
      // A line that starts with the known one is another series.
      serving.body = 'a{x="2"} 4\nbb 5\n';
      expect(await scrapeAt(3_000)).toMatchObject({ isUp: true, seriesAdded: 1 });
      expect(appender.scraped(3_000)).toEqual(["a{x=2} 4", "bb{} 5", "b{} stale"]);
    });

    it("follows series that disappear, return and move, keeping each value with its series", async () => {
      const { appender, scrapeAt } = makeScraper();
      serving.body = "a 1\nb 2\nc 3\n";
      await scrapeAt(1_000);
      serving.body = "a 11\nc 13\n";
      expect((await scrapeAt(2_000)).seriesAdded).toBe(0);
      expect(appender.scraped(2_000)).toEqual(["a{} 11", "c{} 13", "b{} stale"]);
      serving.body = "new 0\na 21\nb 22\nc 23\n";
      expect((await scrapeAt(3_000)).seriesAdded).toBe(2);
      expect(appender.scraped(3_000)).toEqual(["new{} 0", "a{} 21", "b{} 22", "c{} 23"]);
      serving.body = "c 33\nb 32\na 31\n";
      expect((await scrapeAt(4_000)).seriesAdded).toBe(0);
      expect(appender.scraped(4_000)).toEqual(["c{} 33", "b{} 32", "a{} 31", "new{} stale"]);
    });

    it("appends two spellings of one label set once, as one series", async () => {
      const { appender, scrapeAt } = makeScraper();
      serving.body = 'a{x="1",y="2"} 1\na{y="2", x="1"} 2\n';
      expect(await scrapeAt(1_000)).toMatchObject({ samplesPostRelabeling: 1, seriesAdded: 1 });
      serving.body = 'a{y="2", x="1"} 3\n';
      expect(await scrapeAt(2_000)).toMatchObject({ samplesPostRelabeling: 1, seriesAdded: 0 });
      expect(appender.scraped(2_000)).toEqual(["a{x=1,y=2} 3"]);
    });

    it("fails a scrape past sample_limit, a body past body_size_limit or a bad line with a warm cache", async () => {
      const { appender, scrapeAt } = makeScraper({ sampleLimit: 3, bodySizeLimitBytes: 100 });
      serving.body = "a 1\nb 2\n";
      await scrapeAt(1_000);
      serving.body = "a 1\nb 2\nc 3\nd 4\n";
      expect((await scrapeAt(2_000)).error?.code).toBe("sample_limit");
      serving.body = "a 1\nb 2\n".padEnd(120, "#");
      expect((await scrapeAt(3_000)).error?.code).toBe("body_size_limit");
      serving.body = 'a 1\nb{x="1} 2\n';
      expect((await scrapeAt(4_000)).error?.code).toBe("parse");
      for (const timestampMs of [2_000, 3_000, 4_000]) {
        expect(appender.scraped(timestampMs)).toEqual(
          timestampMs === 2_000 ? ["a{} stale", "b{} stale"] : [],
        );
      }
      serving.body = "a 5\nb 6\n";
      expect(await scrapeAt(5_000)).toMatchObject({ isUp: true, seriesAdded: 0 });
      expect(appender.scraped(5_000)).toEqual(["a{} 5", "b{} 6"]);
    });

    /** A scraper into a real store, on the test clock. */
    function makeStoreScraper(): { store: ChunkedSeriesStore; scraper: TargetScraper } {
      const store = new ChunkedSeriesStore();
      return { store, scraper: makeScraper({}, toSeriesAppender(store)).scraper };
    }

    it("creates no series in the store for the new lines of a scrape that fails", async () => {
      const { store, scraper } = makeStoreScraper();
      const names = () => store.labelValues("__name__").filter((name) => !name.startsWith("scrape_"));
      serving.body = "a 1\n";
      clockMs = 1_000;
      await scraper.scrape();
      serving.body = 'a 2\nnew_1 1\nnew_2{x="1"} 2\nbad{x="1} 3\n';
      clockMs = 2_000;
      expect((await scraper.scrape()).error?.code).toBe("parse");
      expect(names()).toEqual(["a", "up"]);
      serving.body = "a 3\nnew_1 1\n";
      clockMs = 3_000;
      expect(await scraper.scrape()).toMatchObject({ isUp: true, seriesAdded: 1 });
      expect(names()).toEqual(["a", "new_1", "up"]);
    });

    it("reads UTF-8 label values and lines split across many body chunks", async () => {
      const { appender, scrapeAt } = makeScraper();
      const body = (round: number) =>
        Array.from(
          { length: 4_000 },
          (_, i) => `m{v="ünïcødé ${"x".repeat(i % 90)}",i="${i}"} ${round}\n`,
        ).join("");
      serving.body = body(1);
      expect(Buffer.byteLength(serving.body)).toBeGreaterThan(256 * 1024);
      expect(await scrapeAt(1_000)).toMatchObject({ isUp: true, samplesPostRelabeling: 4_000 });
      serving.body = body(2);
      expect(await scrapeAt(2_000)).toMatchObject({
        isUp: true,
        samplesPostRelabeling: 4_000,
        seriesAdded: 0,
      });
      const appended = appender.at(2_000).filter((a) => a.labels.__name__ === "m");
      expect(appended.map((a) => a.labels.i)).toEqual(Array.from({ length: 4_000 }, (_, i) => String(i)));
      expect(appended[3_999]).toMatchObject({ labels: { v: `ünïcødé ${"x".repeat(3_999 % 90)}` }, value: 2 });
    });

    it("finds a series again after the store dropped it for retention", async () => {
      const { store, scraper } = makeStoreScraper();
      serving.body = "a 1\n";
      clockMs = 1_000;
      await scraper.scrape();
      expect(store.truncateBefore(5_000)).toBe(6);
      clockMs = 10_000;
      await scraper.scrape();
      const values = (name: string) =>
        [...store.select([{ name: "__name__", type: "=", value: name }], 0, 20_000)].map((s) =>
          Array.from(s.values),
        );
      expect(values("a")).toEqual([[1]]);
      expect(values("up")).toEqual([[1]]);
    });
  });
});
