import { type LabelMatcher, MemorySeriesStore } from "@orbt/core";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createPrometheusApi, type PrometheusBuildInfo } from "./create-prometheus-api.js";
import type { LabelIndex } from "./label-index.js";
import type { RuleGroupView, RulesView } from "./rules-view.js";

const T0_MS = 1_700_000_000_000; // 2023-11-14T22:13:20Z
const T0_S = T0_MS / 1000;
const SCRAPE_MS = 15_000;

const BUILD_INFO: PrometheusBuildInfo = {
  version: "2.53.0",
  revision: "orbt-test",
  branch: "main",
  buildUser: "orbt",
  buildDate: "20261126-00:00:00",
  goVersion: "node20",
};

function scrapes(value: (i: number) => number): { timestampMs: number; value: number }[] {
  return Array.from({ length: 5 }, (_, i) => ({
    timestampMs: T0_MS - 60_000 + i * SCRAPE_MS,
    value: value(i),
  }));
}

function fixtureStore(): MemorySeriesStore {
  const store = new MemorySeriesStore();
  store.append(
    { __name__: "up", job: "api", instance: "a:9100" },
    scrapes(() => 1),
  );
  store.append(
    { __name__: "up", job: "db", instance: "b:9100" },
    scrapes(() => 0),
  );
  store.append(
    { __name__: "http_requests_total", job: "api", code: "200" },
    scrapes((i) => i * 10),
  );
  store.append({ __name__: "old_metric", job: "batch" }, [{ timestampMs: T0_MS - 3_600_000, value: 7 }]);
  return store;
}

type ApiOverrides = { rules?: RulesView; labels?: LabelIndex; nowMs?: number };

function api(overrides: ApiOverrides = {}) {
  return createPrometheusApi({
    store: fixtureStore(),
    now: () => overrides.nowMs ?? T0_MS,
    buildInfo: BUILD_INFO,
    ...(overrides.rules === undefined ? {} : { rules: overrides.rules }),
    ...(overrides.labels === undefined ? {} : { labels: overrides.labels }),
  });
}

type Body = {
  status: string;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked against literals with toEqual.
  data?: any;
  errorType?: string;
  error?: string;
  warnings?: string[];
  infos?: string[];
};

async function get(path: string, overrides: ApiOverrides = {}): Promise<{ status: number; body: Body }> {
  const response = await api(overrides).request(path);
  return { status: response.status, body: (await response.json()) as Body };
}

async function postForm(path: string, form: string): Promise<{ status: number; body: Body }> {
  const response = await api().request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Body };
}

function q(params: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) search.append(name, v);
  }
  return search.toString();
}

describe("GET|POST /api/v1/query", () => {
  it("evaluates an instant query at a float unix time", async () => {
    const { status, body } = await get(`/api/v1/query?${q({ query: "up", time: String(T0_S) })}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "success",
      data: {
        resultType: "vector",
        result: [
          { metric: { __name__: "up", instance: "a:9100", job: "api" }, value: [T0_S, "1"] },
          { metric: { __name__: "up", instance: "b:9100", job: "db" }, value: [T0_S, "0"] },
        ],
      },
    });
  });

  it("reads RFC 3339 times, keeps millisecond fractions and defaults to now", async () => {
    const rfc = await get(`/api/v1/query?${q({ query: "time()", time: "2023-11-14T23:13:20.5+01:00" })}`);
    expect(rfc.body.data).toEqual({ resultType: "scalar", result: [T0_S + 0.5, String(T0_S + 0.5)] });
    const float = await get(`/api/v1/query?${q({ query: "time()", time: "1700000000.1234" })}`);
    expect(float.body.data.result).toEqual([1_700_000_000.123, "1700000000.123"]);
    const byDefault = await get(`/api/v1/query?${q({ query: "time()" })}`, { nowMs: T0_MS + 2000 });
    expect(byDefault.body.data.result).toEqual([T0_S + 2, String(T0_S + 2)]);
  });

  it("takes a form body on POST, ahead of the URL query", async () => {
    const { status, body } = await postForm(
      `/api/v1/query?${q({ query: "up", time: "0" })}`,
      q({ query: 'up{job="db"}', time: String(T0_S) }),
    );
    expect(status).toBe(200);
    expect(body.data.result).toEqual([
      { metric: { __name__: "up", instance: "b:9100", job: "db" }, value: [T0_S, "0"] },
    ]);
  });

  it("returns warnings and infos beside the data", async () => {
    const warned = await get(`/api/v1/query?${q({ query: "quantile(2, up)", time: String(T0_S) })}`);
    expect(warned.status).toBe(200);
    expect(warned.body.warnings).toEqual([
      expect.stringContaining("quantile value should be between 0 and 1"),
    ]);
    expect(warned.body).not.toHaveProperty("infos");
    const informed = await get(`/api/v1/query?${q({ query: "rate(up[1m])", time: String(T0_S) })}`);
    expect(informed.body.infos).toEqual([expect.stringContaining("metric might not be a counter")]);
    expect(informed.body).not.toHaveProperty("warnings");
  });

  it("answers a parse error with 400 bad_data", async () => {
    const { status, body } = await get(`/api/v1/query?${q({ query: "sum(up" })}`);
    expect(status).toBe(400);
    expect(body.status).toBe("error");
    expect(body.errorType).toBe("bad_data");
    expect(body.error).toMatch(/^invalid parameter "query": .*parse error/);
    expect(body).not.toHaveProperty("data");
  });

  it("answers an empty query with 400 bad_data", async () => {
    const { status, body } = await get("/api/v1/query");
    expect([status, body.errorType]).toEqual([400, "bad_data"]);
  });

  it("answers an evaluation failure with 422 execution", async () => {
    const query = 'label_replace(label_replace(up, "job", "x", "", ""), "instance", "x", "", "")';
    const { status, body } = await get(`/api/v1/query?${q({ query, time: String(T0_S) })}`);
    expect(status).toBe(422);
    expect(body).toEqual({
      status: "error",
      errorType: "execution",
      error: "vector cannot contain metrics with the same labelset",
    });
  });

  it("rejects a bad time with Prometheus's message", async () => {
    const { status, body } = await get(`/api/v1/query?${q({ query: "up", time: "yesterday" })}`);
    expect(status).toBe(400);
    expect(body.error).toBe(
      `invalid parameter "time": Invalid time value for 'time': cannot parse "yesterday" to a valid timestamp`,
    );
  });

  it("answers an exceeded timeout with 503 timeout and rejects a bad one", async () => {
    const expired = await get(`/api/v1/query?${q({ query: "up", timeout: "0" })}`);
    expect([expired.status, expired.body.errorType]).toEqual([503, "timeout"]);
    const roomy = await get(`/api/v1/query?${q({ query: "up", timeout: "30s" })}`);
    expect(roomy.status).toBe(200);
    const bad = await get(`/api/v1/query?${q({ query: "up", timeout: "soon" })}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe(`invalid parameter "timeout": cannot parse "soon" to a valid duration`);
  });

  it("honours lookback_delta", async () => {
    const later = String(T0_S + 120);
    const defaultLookback = await get(`/api/v1/query?${q({ query: "up", time: later })}`);
    expect(defaultLookback.body.data.result).toHaveLength(2);
    const short = await get(`/api/v1/query?${q({ query: "up", time: later, lookback_delta: "1m" })}`);
    expect(short.body.data.result).toEqual([]);
  });
});

describe("GET|POST /api/v1/query_range", () => {
  const window = { query: 'up{job="api"}', start: String(T0_S - 60), end: String(T0_S) };

  it("evaluates at every step, with step as float seconds or a duration", async () => {
    const expected = {
      status: "success",
      data: {
        resultType: "matrix",
        result: [
          {
            metric: { __name__: "up", instance: "a:9100", job: "api" },
            values: [0, 1, 2, 3, 4].map((i) => [T0_S - 60 + i * 15, "1"]),
          },
        ],
      },
    };
    expect((await get(`/api/v1/query_range?${q({ ...window, step: "15" })}`)).body).toEqual(expected);
    expect((await get(`/api/v1/query_range?${q({ ...window, step: "15s" })}`)).body).toEqual(expected);
    expect((await postForm("/api/v1/query_range", q({ ...window, step: "0.25m" }))).status).toBe(400);
    expect((await postForm("/api/v1/query_range", q({ ...window, step: "15000ms" }))).body).toEqual(expected);
  });

  it("takes RFC 3339 start and end", async () => {
    const { body } = await get(
      `/api/v1/query_range?${q({ query: "time()", start: "2023-11-14T22:12:20Z", end: "2023-11-14T22:13:20Z", step: "30s" })}`,
    );
    expect(body.data.result[0].values).toEqual([
      [T0_S - 60, String(T0_S - 60)],
      [T0_S - 30, String(T0_S - 30)],
      [T0_S, String(T0_S)],
    ]);
  });

  it.each([
    [
      { ...window, step: "1", start: "0" },
      "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
    ],
    [
      { ...window, step: "0" },
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    [
      { ...window, step: "-15" },
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    [{ ...window }, 'invalid parameter "step": cannot parse "" to a valid duration'],
    [{ ...window, step: "15", start: "" }, 'invalid parameter "start": cannot parse "" to a valid timestamp'],
    [
      { ...window, step: "15", end: "later" },
      'invalid parameter "end": cannot parse "later" to a valid timestamp',
    ],
    [
      { ...window, step: "15", end: String(T0_S - 120) },
      'invalid parameter "end": end timestamp must not be before start time',
    ],
  ])("rejects %j with 400 bad_data", async (params, message) => {
    const { status, body } = await get(`/api/v1/query_range?${q(params)}`);
    expect(status).toBe(400);
    expect(body).toEqual({ status: "error", errorType: "bad_data", error: message });
  });

  it("allows exactly 11,000 steps", async () => {
    const params = { query: "1", start: "0", end: "11000", step: "1" };
    const { status, body } = await get(`/api/v1/query_range?${q(params)}`);
    expect(status).toBe(200);
    expect(body.data.result[0].values).toHaveLength(11_001);
  });

  it("rejects a range vector query with 400 bad_data", async () => {
    const { status, body } = await get(
      `/api/v1/query_range?${q({ ...window, query: "up[1m]", step: "15" })}`,
    );
    expect([status, body.errorType]).toEqual([400, "bad_data"]);
    expect(body.error).toMatch(/^invalid parameter "query": invalid expression type "range vector"/);
  });
});

describe("GET|POST /api/v1/series", () => {
  it("lists the series of every match[], deduplicated and sorted", async () => {
    const { status, body } = await get(
      `/api/v1/series?${q({ "match[]": ['up{job="db"}', "http_requests_total", "up"] })}`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "success",
      data: [
        { __name__: "http_requests_total", code: "200", job: "api" },
        { __name__: "up", instance: "a:9100", job: "api" },
        { __name__: "up", instance: "b:9100", job: "db" },
      ],
    });
  });

  it("restricts to start and end", async () => {
    const all = await get(`/api/v1/series?${q({ "match[]": '{job=~".+"}' })}`);
    expect(all.body.data).toHaveLength(4);
    const recent = await get(`/api/v1/series?${q({ "match[]": '{job=~".+"}', start: String(T0_S - 60) })}`);
    expect(recent.body.data.map((s: Record<string, string>) => s.__name__)).toEqual([
      "http_requests_total",
      "up",
      "up",
    ]);
    const old = await get(
      `/api/v1/series?${q({ "match[]": '{job=~".+"}', start: "2023-11-14T21:00:00Z", end: "2023-11-14T21:30:00Z" })}`,
    );
    expect(old.body.data).toEqual([{ __name__: "old_metric", job: "batch" }]);
  });

  it("takes match[] from a POST form", async () => {
    const { body } = await postForm("/api/v1/series", q({ "match[]": ["old_metric", 'up{job="api"}'] }));
    expect(body.data).toEqual([
      { __name__: "old_metric", job: "batch" },
      { __name__: "up", instance: "a:9100", job: "api" },
    ]);
  });

  it("cuts to limit with a warning", async () => {
    const { body } = await get(`/api/v1/series?${q({ "match[]": "up", limit: "1" })}`);
    expect(body).toEqual({
      status: "success",
      data: [{ __name__: "up", instance: "a:9100", job: "api" }],
      warnings: ["results truncated due to limit"],
    });
    const exact = await get(`/api/v1/series?${q({ "match[]": "up", limit: "2" })}`);
    expect(exact.body).not.toHaveProperty("warnings");
  });

  it.each([
    [{}, "no match[] parameter provided"],
    [{ "match[]": "up[5m]" }, /^invalid parameter "match\[\]": /],
    [{ "match[]": "sum(up)" }, /^invalid parameter "match\[\]": /],
    [
      { "match[]": '{job=""}' },
      'invalid parameter "match[]": match[] must contain at least one non-empty matcher',
    ],
    [{ "match[]": "up", limit: "-1" }, 'invalid parameter "limit": limit must be non-negative'],
    [
      { "match[]": "up", limit: "ten" },
      'invalid parameter "limit": strconv.Atoi: parsing "ten": invalid syntax',
    ],
    [
      { "match[]": "up", start: "x" },
      `invalid parameter "start": Invalid time value for 'start': cannot parse "x" to a valid timestamp`,
    ],
  ])("rejects %j with 400 bad_data", async (params, message) => {
    const { status, body } = await get(`/api/v1/series?${q(params as Record<string, string>)}`);
    expect([status, body.status, body.errorType]).toEqual([400, "error", "bad_data"]);
    if (typeof message === "string") expect(body.error).toBe(message);
    else expect(body.error).toMatch(message);
  });
});

describe("GET|POST /api/v1/labels and GET /api/v1/label/<name>/values", () => {
  it("lists label names, all or of the series match[] selects", async () => {
    expect((await get("/api/v1/labels")).body).toEqual({
      status: "success",
      data: ["__name__", "code", "instance", "job"],
    });
    const matched = await postForm("/api/v1/labels", q({ "match[]": ["up", "old_metric"] }));
    expect(matched.body.data).toEqual(["__name__", "instance", "job"]);
    const recent = await get(`/api/v1/labels?${q({ "match[]": "old_metric", start: String(T0_S - 60) })}`);
    expect(recent.body.data).toEqual([]);
  });

  it("lists label values, all or of the series match[] selects", async () => {
    expect((await get("/api/v1/label/job/values")).body).toEqual({
      status: "success",
      data: ["api", "batch", "db"],
    });
    expect((await get("/api/v1/label/__name__/values")).body.data).toEqual([
      "http_requests_total",
      "old_metric",
      "up",
    ]);
    const matched = await get(`/api/v1/label/job/values?${q({ "match[]": ["up", "http_requests_total"] })}`);
    expect(matched.body.data).toEqual(["api", "db"]);
    expect((await get("/api/v1/label/nope/values")).body.data).toEqual([]);
  });

  it("cuts to limit with a warning", async () => {
    const names = await get(`/api/v1/labels?${q({ limit: "2" })}`);
    expect(names.body).toEqual({
      status: "success",
      data: ["__name__", "code"],
      warnings: ["results truncated due to limit"],
    });
    const values = await get(`/api/v1/label/job/values?${q({ limit: "1" })}`);
    expect(values.body.data).toEqual(["api"]);
    expect(values.body.warnings).toEqual(["results truncated due to limit"]);
  });

  it("rejects bad label names and selectors with 400 bad_data", async () => {
    const badName = await get("/api/v1/label/1job/values");
    expect([badName.status, badName.body.errorType, badName.body.error]).toEqual([
      400,
      "bad_data",
      'invalid label name: "1job"',
    ]);
    const badMatch = await get(`/api/v1/labels?${q({ "match[]": "up{" })}`);
    expect([badMatch.status, badMatch.body.errorType]).toEqual([400, "bad_data"]);
    const badEnd = await get(`/api/v1/label/job/values?${q({ end: "x" })}`);
    expect(badEnd.body.error).toBe(
      `invalid parameter "end": Invalid time value for 'end': cannot parse "x" to a valid timestamp`,
    );
  });

  it("asks a given LabelIndex instead of scanning", async () => {
    const calls: unknown[] = [];
    const labels: LabelIndex = {
      labelNames: (matchers?: readonly LabelMatcher[], minTimeMs?: number, maxTimeMs?: number) => {
        calls.push(["names", matchers, minTimeMs, maxTimeMs]);
        return ["zeta", "alpha", "alpha"];
      },
      labelValues: (name: string, matchers?: readonly LabelMatcher[]) => {
        calls.push(["values", name, matchers]);
        return ["v2", "v1"];
      },
    };
    const names = await get(`/api/v1/labels?${q({ start: "10", end: "20" })}`, { labels });
    expect(names.body.data).toEqual(["alpha", "zeta"]);
    const values = await get(`/api/v1/label/job/values?${q({ "match[]": "up" })}`, { labels });
    expect(values.body.data).toEqual(["v1", "v2"]);
    expect(calls).toEqual([
      ["names", undefined, 10_000, 20_000],
      ["values", "job", [{ name: "__name__", type: "=", value: "up" }]],
    ]);
  });
});

const RULE_GROUPS: readonly RuleGroupView[] = [
  {
    name: "orbt",
    file: "/etc/orbt/rules.yaml",
    intervalMs: 30_000,
    limit: 0,
    evaluationTimeMs: 1.5,
    lastEvaluationMs: T0_MS,
    rules: [
      {
        type: "alerting",
        name: "InstanceDown",
        query: "up == 0",
        state: "firing",
        durationMs: 60_000,
        keepFiringForMs: 0,
        labels: { severity: "page" },
        annotations: { summary: "down" },
        alerts: [
          {
            labels: { alertname: "InstanceDown", job: "db", severity: "page" },
            annotations: { summary: "down" },
            state: "firing",
            activeAtMs: T0_MS - 120_500,
            value: 0,
          },
        ],
        health: "ok",
        evaluationTimeMs: 0.25,
        lastEvaluationMs: T0_MS,
      },
      {
        type: "recording",
        name: "job:up:sum",
        query: "sum by (job) (up)",
        labels: {},
        health: "err",
        lastError: "boom",
        evaluationTimeMs: 0,
        lastEvaluationMs: undefined,
      },
    ],
  },
];

const RULES: RulesView = {
  groups: () => RULE_GROUPS,
  alerts: () => [
    {
      labels: { job: "db", alertname: "InstanceDown" },
      annotations: {},
      state: "pending",
      activeAtMs: T0_MS,
      value: 123.5,
    },
  ],
};

describe("GET /api/v1/rules and /api/v1/alerts", () => {
  it("answers empty lists without rules", async () => {
    expect((await get("/api/v1/rules")).body).toEqual({ status: "success", data: { groups: [] } });
    expect((await get("/api/v1/alerts")).body).toEqual({ status: "success", data: { alerts: [] } });
  });

  it("shapes rule groups as Prometheus does", async () => {
    const { status, body } = await get("/api/v1/rules", { rules: RULES });
    expect(status).toBe(200);
    expect(body.data).toEqual({
      groups: [
        {
          name: "orbt",
          file: "/etc/orbt/rules.yaml",
          rules: [
            {
              state: "firing",
              name: "InstanceDown",
              query: "up == 0",
              duration: 60,
              keepFiringFor: 0,
              labels: { severity: "page" },
              annotations: { summary: "down" },
              alerts: [
                {
                  labels: { alertname: "InstanceDown", job: "db", severity: "page" },
                  annotations: { summary: "down" },
                  state: "firing",
                  activeAt: "2023-11-14T22:11:19.5Z",
                  value: "0e+00",
                },
              ],
              health: "ok",
              evaluationTime: 0.00025,
              lastEvaluation: "2023-11-14T22:13:20Z",
              type: "alerting",
            },
            {
              name: "job:up:sum",
              query: "sum by (job) (up)",
              health: "err",
              lastError: "boom",
              evaluationTime: 0,
              lastEvaluation: "0001-01-01T00:00:00Z",
              type: "recording",
            },
          ],
          interval: 30,
          limit: 0,
          evaluationTime: 0.0015,
          lastEvaluation: "2023-11-14T22:13:20Z",
        },
      ],
    });
  });

  it("filters by type, rule name, group and file, and can leave alerts out", async () => {
    const names = async (query: string) =>
      (
        (await get(`/api/v1/rules?${query}`, { rules: RULES })).body.data.groups as {
          rules: { name: string }[];
        }[]
      ).flatMap((g) => g.rules.map((r) => r.name));
    expect(await names("type=alert")).toEqual(["InstanceDown"]);
    expect(await names("type=RECORD")).toEqual(["job:up:sum"]);
    expect(await names(q({ "rule_name[]": ["job:up:sum", "nope"] }))).toEqual(["job:up:sum"]);
    expect(await names(q({ "rule_group[]": "other" }))).toEqual([]);
    expect(await names(q({ "file[]": "/etc/orbt/rules.yaml" }))).toEqual(["InstanceDown", "job:up:sum"]);
    const excluded = await get("/api/v1/rules?exclude_alerts=true", { rules: RULES });
    expect(excluded.body.data.groups[0].rules[0]).not.toHaveProperty("alerts");
  });

  it("rejects an unknown type or exclude_alerts value with 400 bad_data", async () => {
    const badType = await get("/api/v1/rules?type=silence", { rules: RULES });
    expect([badType.status, badType.body.errorType, badType.body.error]).toEqual([
      400,
      "bad_data",
      'invalid parameter "type": not supported value "silence"',
    ]);
    const badExclude = await get("/api/v1/rules?exclude_alerts=maybe", { rules: RULES });
    expect([badExclude.status, badExclude.body.errorType]).toEqual([400, "bad_data"]);
  });

  it("lists active alerts", async () => {
    expect((await get("/api/v1/alerts", { rules: RULES })).body).toEqual({
      status: "success",
      data: {
        alerts: [
          {
            labels: { alertname: "InstanceDown", job: "db" },
            annotations: {},
            state: "pending",
            activeAt: "2023-11-14T22:13:20Z",
            value: "1.235e+02",
          },
        ],
      },
    });
  });
});

describe("the endpoints Grafana probes", () => {
  it("serves status/buildinfo", async () => {
    expect((await get("/api/v1/status/buildinfo")).body).toEqual({ status: "success", data: BUILD_INFO });
  });

  it("has no status/flags, which Grafana reads as Thanos", async () => {
    expect((await api().request("/api/v1/status/flags")).status).toBe(404);
  });

  it("answers metadata with {} and exemplars with []", async () => {
    expect((await get("/api/v1/metadata?metric=up")).body).toEqual({ status: "success", data: {} });
    expect((await get(`/api/v1/query_exemplars?${q({ query: "up", start: "0", end: "1" })}`)).body).toEqual({
      status: "success",
      data: [],
    });
    const bad = await postForm("/api/v1/query_exemplars", q({ query: "up{" }));
    expect([bad.status, bad.body.errorType]).toEqual([400, "bad_data"]);
  });

  it("answers CORS preflight with 204", async () => {
    expect((await api().request("/api/v1/query", { method: "OPTIONS" })).status).toBe(204);
  });
});

describe("errors outside the API's own", () => {
  it("answers a store failure with 500 internal", async () => {
    const app = createPrometheusApi({
      store: {
        select: () => {
          throw new Error("disk on fire");
        },
      },
      now: () => T0_MS,
      buildInfo: BUILD_INFO,
    });
    const response = await app.request(`/api/v1/series?${q({ "match[]": "up" })}`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      status: "error",
      errorType: "internal",
      error: "internal error; see the daemon log",
    });
  });
});

describe("mounted with app.route('/prometheus', ...)", () => {
  it("keeps Prometheus's envelope under a parent with its own error handler", async () => {
    const parent = new Hono();
    parent.onError((_, c) => c.json({ error: { code: "internal", message: "parent" } }, 500));
    parent.route("/prometheus", api());
    const ok = await parent.request(`/prometheus/api/v1/query?${q({ query: "up", time: String(T0_S) })}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Body).data.result).toHaveLength(2);
    const bad = await parent.request("/prometheus/api/v1/series");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      status: "error",
      errorType: "bad_data",
      error: "no match[] parameter provided",
    });
  });
});
