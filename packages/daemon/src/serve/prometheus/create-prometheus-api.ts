import {
  type Annotations,
  evaluateInstant,
  evaluateRange,
  formatApiData,
  type LabelMatcher,
  PrometheusExemplarsParams,
  PrometheusInstantQueryParams,
  PrometheusLabelPath,
  PrometheusRangeQueryParams,
  PrometheusRulesParams,
  PrometheusSeriesParams,
  type PromqlError,
  parsePromql,
  type QueryResult,
  type Result,
  type SeriesStore,
} from "@orbt/core";
import { type Context, type Handler, Hono } from "hono";
import type { Logger } from "../../create-logger.js";
import { requireRole } from "../auth/index.js";
import { describePrometheusRoute, type PrometheusRouteDoc } from "./describe-prometheus-route.js";
import { formatAlert } from "./format-alert.js";
import { formatRuleGroups } from "./format-rule-groups.js";
import type { LabelIndex } from "./label-index.js";
import { listSeries } from "./list-series.js";
import { parseMatchParams } from "./parse-match-params.js";
import { parsePrometheusDurationMs } from "./parse-prometheus-duration.js";
import {
  PROMETHEUS_MAX_TIME_MS,
  PROMETHEUS_MIN_TIME_MS,
  parsePrometheusTimeMs,
} from "./parse-prometheus-time.js";
import { PrometheusApiFailure } from "./prometheus-api-failure.js";
import { type FormParams, readFormParams } from "./read-form-params.js";
import type { RulesView, RuleView } from "./rules-view.js";
import { scanLabelIndex } from "./scan-label-index.js";

/**
 * `/api/v1/status/buildinfo`. Grafana compares `version` as semver to pick the PromQL features it
 * offers, so it must be the Prometheus version whose API this one matches (e.g. "2.53.0").
 */
export type PrometheusBuildInfo = {
  readonly version: string;
  readonly revision: string;
  readonly branch: string;
  readonly buildUser: string;
  readonly buildDate: string;
  readonly goVersion: string;
};

export type PrometheusApiOptions = {
  readonly store: SeriesStore;
  /** Label names and values; without it they are computed by scanning the store. */
  readonly labels?: LabelIndex;
  /** Wall clock in ms: the default query time and the clock of `timeout`. */
  readonly now: () => number;
  readonly rules?: RulesView;
  readonly lookbackDeltaMs?: number;
  readonly buildInfo: PrometheusBuildInfo;
  readonly log?: Logger;
};

const MAX_POINTS_PER_SERIES = 11_000;
const TRUNCATED_WARNING = "results truncated due to limit";
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const GO_INT = /^[+-]?\d+$/;
const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);
const NO_ANNOTATIONS: Annotations = { warnings: [], infos: [] };

function invalidParam(name: string, message: string): PrometheusApiFailure {
  return new PrometheusApiFailure("bad_data", `invalid parameter ${JSON.stringify(name)}: ${message}`);
}

function success(c: Context, data: unknown, annotations: Annotations = NO_ANNOTATIONS): Response {
  return c.json({
    status: "success",
    data,
    ...(annotations.warnings.length === 0 ? {} : { warnings: annotations.warnings }),
    ...(annotations.infos.length === 0 ? {} : { infos: annotations.infos }),
  });
}

/** A timestamp parameter that may be absent (Prometheus's parseTimeParam). */
function readTime(form: FormParams, name: string, defaultMs: number): number {
  const text = form.get(name);
  if (text === "") return defaultMs;
  const parsed = parsePrometheusTimeMs(text);
  if (!parsed.ok) throw invalidParam(name, `Invalid time value for '${name}': ${parsed.error}`);
  return parsed.value;
}

/** A timestamp parameter that must be present (Prometheus's parseTime). */
function requireTime(form: FormParams, name: string): number {
  const parsed = parsePrometheusTimeMs(form.get(name));
  if (!parsed.ok) throw invalidParam(name, parsed.error);
  return parsed.value;
}

function readDuration(form: FormParams, name: string): number | undefined {
  const text = form.get(name);
  if (text === "") return undefined;
  const parsed = parsePrometheusDurationMs(text);
  if (!parsed.ok) throw invalidParam(name, parsed.error);
  return parsed.value;
}

function readLimit(form: FormParams): number {
  const text = form.get("limit");
  if (text === "") return 0;
  if (!GO_INT.test(text)) {
    throw invalidParam("limit", `strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  }
  const limit = Number(text);
  if (limit < 0) throw invalidParam("limit", "limit must be non-negative");
  return limit;
}

function readBool(form: FormParams, name: string): boolean {
  const text = form.get(name);
  if (text === "" || GO_FALSE.has(text)) return false;
  if (GO_TRUE.has(text)) return true;
  throw invalidParam(name, `strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`);
}

function readMatcherSets(form: FormParams): LabelMatcher[][] {
  const parsed = parseMatchParams(form.getAll("match[]"));
  if (!parsed.ok) throw new PrometheusApiFailure("bad_data", parsed.error);
  return parsed.value;
}

/** Sorted and cut to `limit` (0: no limit), with Prometheus's warning when cut. */
function limitSorted(values: Iterable<string>, limit: number): [string[], Annotations] {
  const sorted = [...new Set(values)].sort();
  if (limit === 0 || sorted.length <= limit) return [sorted, NO_ANNOTATIONS];
  return [sorted.slice(0, limit), { warnings: [TRUNCATED_WARNING], infos: [] }];
}

function toFailure(error: PromqlError): PrometheusApiFailure {
  // Prometheus rejects what fails to parse or type-check before evaluating; the rest fails in execution.
  if (error.code === "execution") return new PrometheusApiFailure("execution", error.message);
  return invalidParam("query", error.message);
}

/** The Prometheus HTTP API (web/api/v1/api.go) over Orbt's series store; routes are `/api/v1/...`. */
export function createPrometheusApi(options: PrometheusApiOptions): Hono {
  const { store, now, rules, buildInfo, log } = options;
  const labelIndex = options.labels ?? scanLabelIndex(store);
  const app = new Hono();

  app.onError((e, c) => {
    if (e instanceof PrometheusApiFailure) {
      return c.json({ status: "error", errorType: e.errorType, error: e.message }, e.status);
    }
    log?.error({ err: e, path: c.req.path }, "prometheus api request failed");
    return c.json(
      { status: "error", errorType: "internal", error: "internal error; see the daemon log" },
      500,
    );
  });

  /** Prometheus takes these by GET and by POST with a form body alike. */
  function serveGetAndPost(path: string, doc: PrometheusRouteDoc, handler: Handler): void {
    for (const method of ["GET", "POST"] as const) {
      app.on(method, path, requireRole("viewer"), describePrometheusRoute(method, doc), handler);
    }
  }

  function evaluationOptions(form: FormParams): { lookbackDeltaMs?: number } {
    const lookbackDeltaMs = readDuration(form, "lookback_delta") ?? options.lookbackDeltaMs;
    return lookbackDeltaMs === undefined ? {} : { lookbackDeltaMs };
  }

  // Evaluation is synchronous, so the deadline is checked once it returns rather than interrupting it.
  function respondQuery(
    c: Context,
    result: Result<QueryResult, PromqlError>,
    startedMs: number,
    timeoutMs: number | undefined,
  ): Response {
    if (!result.ok) throw toFailure(result.error);
    if (timeoutMs !== undefined && now() - startedMs >= timeoutMs) {
      throw new PrometheusApiFailure("timeout", "query timed out in expression evaluation");
    }
    return success(c, formatApiData(result.value.value), result.value.annotations);
  }

  serveGetAndPost(
    "/api/v1/query",
    {
      operationId: "query",
      summary: "Evaluate a PromQL query at one instant",
      params: PrometheusInstantQueryParams,
      isEvaluating: true,
    },
    async (c) => {
      const form = await readFormParams(c.req.raw);
      const timeMs = readTime(form, "time", now());
      const timeoutMs = readDuration(form, "timeout");
      const evaluation = evaluationOptions(form);
      const startedMs = now();
      const result = evaluateInstant(form.get("query"), timeMs, store, evaluation);
      return respondQuery(c, result, startedMs, timeoutMs);
    },
  );

  serveGetAndPost(
    "/api/v1/query_range",
    {
      operationId: "queryRange",
      summary: "Evaluate a PromQL query over a range of time",
      params: PrometheusRangeQueryParams,
      isEvaluating: true,
    },
    async (c) => {
      const form = await readFormParams(c.req.raw);
      const startMs = requireTime(form, "start");
      const endMs = requireTime(form, "end");
      if (endMs < startMs) throw invalidParam("end", "end timestamp must not be before start time");
      const stepParsed = parsePrometheusDurationMs(form.get("step"));
      if (!stepParsed.ok) throw invalidParam("step", stepParsed.error);
      // The engine works in whole milliseconds; a step below one is a zero step to it.
      const stepMs = Math.trunc(stepParsed.value);
      if (stepMs <= 0) {
        throw invalidParam(
          "step",
          "zero or negative query resolution step widths are not accepted. Try a positive integer",
        );
      }
      if (Math.trunc((endMs - startMs) / stepParsed.value) > MAX_POINTS_PER_SERIES) {
        throw new PrometheusApiFailure(
          "bad_data",
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
        );
      }
      const timeoutMs = readDuration(form, "timeout");
      const evaluation = evaluationOptions(form);
      const startedMs = now();
      const result = evaluateRange(form.get("query"), startMs, endMs, stepMs, store, evaluation);
      return respondQuery(c, result, startedMs, timeoutMs);
    },
  );

  serveGetAndPost(
    "/api/v1/query_exemplars",
    {
      operationId: "queryExemplars",
      summary: "Exemplars (Orbt stores none: always empty)",
      params: PrometheusExemplarsParams,
    },
    async (c) => {
      const form = await readFormParams(c.req.raw);
      const startMs = readTime(form, "start", PROMETHEUS_MIN_TIME_MS);
      const endMs = readTime(form, "end", PROMETHEUS_MAX_TIME_MS);
      if (endMs < startMs) {
        throw new PrometheusApiFailure("bad_data", "end timestamp must not be before start timestamp");
      }
      const parsed = parsePromql(form.get("query"));
      if (!parsed.ok) throw new PrometheusApiFailure("bad_data", parsed.error.message);
      // Orbt stores no exemplars.
      return success(c, []);
    },
  );

  serveGetAndPost(
    "/api/v1/series",
    { operationId: "series", summary: "The series matching `match[]`", params: PrometheusSeriesParams },
    async (c) => {
      const form = await readFormParams(c.req.raw);
      if (form.getAll("match[]").length === 0) {
        throw new PrometheusApiFailure("bad_data", "no match[] parameter provided");
      }
      const startMs = readTime(form, "start", PROMETHEUS_MIN_TIME_MS);
      const endMs = readTime(form, "end", PROMETHEUS_MAX_TIME_MS);
      const limit = readLimit(form);
      const parsed = parseMatchParams(form.getAll("match[]"));
      if (!parsed.ok) throw invalidParam("match[]", parsed.error);
      const series = listSeries(store, parsed.value, startMs, endMs);
      if (limit === 0 || series.length <= limit) return success(c, series);
      return success(c, series.slice(0, limit), { warnings: [TRUNCATED_WARNING], infos: [] });
    },
  );

  serveGetAndPost(
    "/api/v1/labels",
    { operationId: "labels", summary: "Label names", params: PrometheusSeriesParams },
    async (c) => {
      const form = await readFormParams(c.req.raw);
      const startMs = readTime(form, "start", PROMETHEUS_MIN_TIME_MS);
      const endMs = readTime(form, "end", PROMETHEUS_MAX_TIME_MS);
      const limit = readLimit(form);
      const sets = readMatcherSets(form);
      const names =
        sets.length === 0
          ? [...labelIndex.labelNames(undefined, startMs, endMs)]
          : sets.flatMap((matchers) => [...labelIndex.labelNames(matchers, startMs, endMs)]);
      const [data, annotations] = limitSorted(names, limit);
      return success(c, data, annotations);
    },
  );

  app.get(
    "/api/v1/label/:name/values",
    requireRole("viewer"),
    describePrometheusRoute("GET", {
      operationId: "labelValues",
      summary: "A label's values",
      params: PrometheusSeriesParams,
      path: PrometheusLabelPath,
    }),
    async (c) => {
      const name = c.req.param("name");
      if (!LABEL_NAME.test(name)) {
        throw new PrometheusApiFailure("bad_data", `invalid label name: ${JSON.stringify(name)}`);
      }
      const form = await readFormParams(c.req.raw);
      const startMs = readTime(form, "start", PROMETHEUS_MIN_TIME_MS);
      const endMs = readTime(form, "end", PROMETHEUS_MAX_TIME_MS);
      const limit = readLimit(form);
      const sets = readMatcherSets(form);
      const values =
        sets.length === 0
          ? [...labelIndex.labelValues(name, undefined, startMs, endMs)]
          : sets.flatMap((matchers) => [...labelIndex.labelValues(name, matchers, startMs, endMs)]);
      const [data, annotations] = limitSorted(values, limit);
      return success(c, data, annotations);
    },
  );

  // Orbt keeps no metric metadata (HELP/TYPE); Prometheus answers `{}` when it has none.
  app.get(
    "/api/v1/metadata",
    requireRole("viewer"),
    describePrometheusRoute("GET", {
      operationId: "metadata",
      summary: "Metric metadata (Orbt keeps none: always `{}`)",
    }),
    (c) => success(c, {}),
  );

  app.get(
    "/api/v1/rules",
    requireRole("viewer"),
    describePrometheusRoute("GET", {
      operationId: "rules",
      summary: "Recording and alerting rule groups, with their alerts",
      params: PrometheusRulesParams,
    }),
    async (c) => {
      const form = await readFormParams(c.req.raw);
      const type = form.get("type").toLowerCase();
      if (type !== "" && type !== "alert" && type !== "record") {
        throw invalidParam("type", `not supported value ${JSON.stringify(type)}`);
      }
      const types = new Set<RuleView["type"]>(
        type === "" ? [] : [type === "alert" ? "alerting" : "recording"],
      );
      const groups = formatRuleGroups(rules?.groups() ?? [], {
        types,
        ruleNames: new Set(form.getAll("rule_name[]")),
        groupNames: new Set(form.getAll("rule_group[]")),
        files: new Set(form.getAll("file[]")),
        isExcludingAlerts: readBool(form, "exclude_alerts"),
      });
      return success(c, { groups });
    },
  );

  app.get(
    "/api/v1/alerts",
    requireRole("viewer"),
    describePrometheusRoute("GET", { operationId: "alerts", summary: "Active alerts of the rules" }),
    (c) => success(c, { alerts: (rules?.alerts() ?? []).map(formatAlert) }),
  );

  // No `/status/flags`: Grafana takes a server that answers it for Thanos.
  app.get(
    "/api/v1/status/buildinfo",
    requireRole("viewer"),
    describePrometheusRoute("GET", {
      operationId: "buildInfo",
      summary: "The Prometheus version whose API this matches",
    }),
    (c) => success(c, buildInfo),
  );

  app.options("/api/v1/*", (c) => c.body(null, 204));

  return app;
}
