import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Labels, MemorySeriesStore } from "@orbt/core";
import type { Hono } from "hono";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrometheusApi } from "../../src/serve/prometheus/create-prometheus-api.js";
import type { RuleGroupView, RulesView } from "../../src/serve/prometheus/rules-view.js";
import { type PeerBinary, startPeerBinary } from "../support/peer-binary.js";
import { describeWithPeers, findBinary, PROMETHEUS, PROMTOOL } from "../support/peers.js";
import { waitFor } from "../support/wait-for.js";

// The same samples go into a real Prometheus (backfilled with promtool) and into Orbt's API.
const T0_S = 1_700_000_000;
// Range windows here never start on a sample: Orbt's engine selects (t-range, t] like Prometheus 3,
// while Debian's Prometheus 2.42 selects [t-range, t].
const FIXTURE: readonly { labels: Labels; samples: readonly [number, number][] }[] = [
  ...["a:9100", "b:9100"].map((instance, i) => ({
    labels: { __name__: "up", job: i === 0 ? "api" : "db", instance },
    samples: [0, 1, 2, 3, 4].map((k): [number, number] => [T0_S - 60 + k * 15, 1 - i]),
  })),
  {
    labels: { __name__: "http_requests_total", job: "api", code: "200" },
    samples: [0, 1, 2, 3, 4].map((k): [number, number] => [T0_S - 60 + k * 15, k * 10]),
  },
  {
    labels: { __name__: "http_requests_total", job: "api", code: "500" },
    samples: [0, 1, 2, 3, 4].map((k): [number, number] => [T0_S - 60 + k * 15, k * k]),
  },
  { labels: { __name__: "old_metric", job: "batch" }, samples: [[T0_S - 3600, 7]] },
];

const RULES_YAML = `groups:
  - name: orbt
    interval: 1s
    rules:
      - alert: InstanceDown
        expr: up == 0
        for: 1m
        labels: {severity: page}
        annotations: {summary: down}
      - record: job:up:sum
        expr: sum by (job) (up)
`;

const ORBT_RULE_GROUPS: readonly RuleGroupView[] = [
  {
    name: "orbt",
    file: "rules.yml",
    intervalMs: 1000,
    limit: 0,
    evaluationTimeMs: 0.5,
    lastEvaluationMs: T0_S * 1000,
    rules: [
      {
        type: "alerting",
        name: "InstanceDown",
        query: "up == 0",
        state: "inactive",
        durationMs: 60_000,
        keepFiringForMs: 0,
        labels: { severity: "page" },
        annotations: { summary: "down" },
        alerts: [],
        health: "ok",
        evaluationTimeMs: 0.25,
        lastEvaluationMs: T0_S * 1000,
      },
      {
        type: "recording",
        name: "job:up:sum",
        query: "sum by (job) (up)",
        labels: {},
        health: "ok",
        evaluationTimeMs: 0.25,
        lastEvaluationMs: T0_S * 1000,
      },
    ],
  },
];

const ORBT_RULES: RulesView = { groups: () => ORBT_RULE_GROUPS, alerts: () => [] };

function toOpenMetrics(): string {
  const lines = FIXTURE.flatMap(({ labels, samples }) => {
    const { __name__: name, ...rest } = labels;
    const pairs = Object.entries(rest).map(([k, v]) => `${k}="${v}"`);
    return samples.map(([t, v]) => `${name}{${pairs.join(",")}} ${v} ${t}`);
  });
  return `${lines.join("\n")}\n# EOF\n`;
}

function orbtApi(): Hono {
  const store = new MemorySeriesStore();
  for (const { labels, samples } of FIXTURE) {
    store.append(
      labels,
      samples.map(([t, value]) => ({ timestampMs: t * 1000, value })),
    );
  }
  return createPrometheusApi({
    store,
    now: () => Date.now(),
    rules: ORBT_RULES,
    buildInfo: {
      version: "2.53.0",
      revision: "orbt",
      branch: "main",
      buildUser: "orbt",
      buildDate: "20261126-00:00:00",
      goVersion: "node",
    },
  });
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}${result.stdout}`);
}

type Reply = { status: number; body: Record<string, unknown> };

/** Keys and JSON types, recursively; arrays by their first element. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return "null";
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return typeof value;
}

describeWithPeers(
  { prometheusPath: findBinary(PROMETHEUS), promtoolPath: findBinary(PROMTOOL) },
  "the Prometheus API against a real Prometheus",
  ({ prometheusPath, promtoolPath }) => {
    let prometheus: PeerBinary | undefined;
    const orbt = orbtApi();

    beforeAll(async () => {
      prometheus = await startPeerBinary(prometheusPath, async (port, dir) => {
        await writeFile(join(dir, "data.om"), toOpenMetrics());
        await writeFile(join(dir, "rules.yml"), RULES_YAML);
        await writeFile(join(dir, "prometheus.yml"), "global: {}\nrule_files: [rules.yml]\n");
        run(promtoolPath, [
          "tsdb",
          "create-blocks-from",
          "openmetrics",
          join(dir, "data.om"),
          join(dir, "data"),
        ]);
        return [
          `--config.file=${join(dir, "prometheus.yml")}`,
          `--storage.tsdb.path=${join(dir, "data")}`,
          "--storage.tsdb.retention.time=100y",
          `--web.listen-address=127.0.0.1:${port}`,
        ];
      });
      // Wait for the first rule evaluation too, so /rules has health and times to compare.
      await waitFor("the first rule evaluation", async () => {
        const rules = await (await fetch(`${prometheus!.url}/api/v1/rules`)).text();
        return rules.includes("0001-01-01") ? undefined : true;
      });
    });

    afterAll(async () => {
      await prometheus?.stop();
    });

    async function both(path: string, form?: string): Promise<[Reply, Reply]> {
      const init: RequestInit =
        form === undefined
          ? {}
          : {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: form,
            };
      const ours = await orbt.request(path, init);
      const theirs = await fetch(`${prometheus!.url}${path}`, init);
      return [
        { status: ours.status, body: (await ours.json()) as Record<string, unknown> },
        { status: theirs.status, body: (await theirs.json()) as Record<string, unknown> },
      ];
    }

    const at = `time=${T0_S}`;
    const window = `start=${T0_S - 60}&end=${T0_S}`;

    it.each([
      `/api/v1/query?query=up&${at}`,
      `/api/v1/query?query=sum+by+(job)+(up)&${at}`,
      `/api/v1/query?query=increase(http_requests_total%5B1m%5D)&${at}`,
      `/api/v1/query?query=http_requests_total%5B44s%5D&${at}`,
      `/api/v1/query?query=1%2B1&${at}`,
      `/api/v1/query?query=%22text%22&time=2023-11-14T22:13:20.1239Z`,
      `/api/v1/query?query=up&time=${T0_S}.1234&lookback_delta=1m`,
      `/api/v1/query_range?query=up&${window}&step=15`,
      `/api/v1/query_range?query=rate(http_requests_total%5B44s%5D)&${window}&step=10s`,
      `/api/v1/query_range?query=time()&start=2023-11-14T22:12:20Z&end=2023-11-14T22:13:20Z&step=30`,
      "/api/v1/series?match[]=up&match[]=http_requests_total&match[]=up",
      `/api/v1/series?match[]=%7Bjob%3D~%22.%2B%22%7D&${window}`,
      `/api/v1/series?match[]=%7Bjob%3D~%22.%2B%22%7D&start=${T0_S - 4000}&end=${T0_S - 3000}`,
      `/api/v1/labels?${window}`,
      `/api/v1/labels?match[]=old_metric&match[]=up`,
      `/api/v1/label/job/values?${window}`,
      `/api/v1/label/__name__/values?start=${T0_S - 4000}&end=${T0_S}`,
      `/api/v1/label/code/values?match[]=http_requests_total`,
      "/api/v1/label/nope/values",
      "/api/v1/metadata",
      "/api/v1/query_exemplars?query=up",
      "/api/v1/alerts",
    ])("answers GET %s exactly as Prometheus does", async (path) => {
      const [ours, theirs] = await both(path);
      expect(theirs.status).toBe(200);
      expect(ours).toEqual(theirs);
    });

    it.each([
      ["/api/v1/query", `query=up&${at}`],
      ["/api/v1/query_range", `query=up&${window}&step=15`],
      ["/api/v1/series", `match[]=up&${window}`],
      ["/api/v1/labels", `match[]=up&${window}`],
    ])("answers POST %s (%s) exactly as Prometheus does", async (path, form) => {
      const [ours, theirs] = await both(path, form);
      expect(theirs.status).toBe(200);
      expect(ours).toEqual(theirs);
    });

    it.each([
      "/api/v1/query?query=sum(up",
      "/api/v1/query",
      "/api/v1/query?query=up&time=yesterday",
      "/api/v1/query?query=up&timeout=soon",
      "/api/v1/query?query=up&timeout=0",
      `/api/v1/query?query=label_replace(label_replace(up,"job","x","",""),"instance","x","","")&${at}`,
      "/api/v1/query_range?query=up&start=1&end=20000&step=1",
      "/api/v1/query_range?query=up&start=1&end=2&step=0",
      "/api/v1/query_range?query=up&start=1&end=2",
      "/api/v1/query_range?query=up&end=2&step=1",
      "/api/v1/query_range?query=up&start=3&end=2&step=1",
      "/api/v1/query_range?query=up%5B1m%5D&start=1&end=2&step=1",
      "/api/v1/series",
      "/api/v1/series?match[]=up%5B5m%5D",
      "/api/v1/series?match[]=sum(up)",
      '/api/v1/series?match[]={job=""}',
      "/api/v1/series?match[]=up&start=x",
      "/api/v1/labels?match[]=up%7B",
      "/api/v1/labels?end=x",
      "/api/v1/label/1job/values",
      "/api/v1/query_exemplars?query=up%7B",
      "/api/v1/rules?type=silence",
    ])("fails GET %s with Prometheus's status, errorType and keys", async (path) => {
      const [ours, theirs] = await both(path);
      expect(theirs.body.status).toBe("error");
      expect([ours.status, ours.body.errorType]).toEqual([theirs.status, theirs.body.errorType]);
      expect(Object.keys(ours.body).sort()).toEqual(Object.keys(theirs.body).sort());
    });

    it.each([
      "/api/v1/query?query=up&time=yesterday",
      "/api/v1/query?query=up&timeout=soon",
      "/api/v1/query_range?query=up&start=1&end=20000&step=1",
      "/api/v1/query_range?query=up&start=1&end=2&step=0",
      "/api/v1/query_range?query=up&start=1&end=2",
      "/api/v1/query_range?query=up&end=2&step=1",
      "/api/v1/query_range?query=up&start=3&end=2&step=1",
      "/api/v1/series",
      '/api/v1/series?match[]={job=""}',
      "/api/v1/series?match[]=up&start=x",
      "/api/v1/labels?end=x",
      "/api/v1/label/1job/values",
      "/api/v1/rules?type=silence",
    ])("fails GET %s with Prometheus's exact message", async (path) => {
      const [ours, theirs] = await both(path);
      expect(ours.body.error).toBe(theirs.body.error);
    });

    it.each(["/api/v1/rules", "/api/v1/status/buildinfo"])(
      "shapes GET %s as Prometheus does",
      async (path) => {
        const [ours, theirs] = await both(path);
        expect(theirs.status).toBe(200);
        expect(shapeOf(ours.body)).toEqual(shapeOf(theirs.body));
      },
    );
  },
);
