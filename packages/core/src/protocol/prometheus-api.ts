import { z } from "zod";

/**
 * The Prometheus HTTP API's envelopes (prometheus/web/api/v1/api.go), as `/prometheus/api/v1/...` answers
 * them; `data` is shaped by each endpoint as Prometheus shapes it.
 */
export const PrometheusSuccess = z.object({
  status: z.literal("success"),
  data: z.unknown(),
  warnings: z.array(z.string()).optional(),
  infos: z.array(z.string()).optional(),
});
export type PrometheusSuccess = z.infer<typeof PrometheusSuccess>;

export const PrometheusError = z.object({
  status: z.literal("error"),
  /** bad_data, execution, timeout, internal. */
  errorType: z.string(),
  error: z.string(),
});
export type PrometheusError = z.infer<typeof PrometheusError>;

/** A time: RFC 3339 or Unix seconds with a fraction. */
const PrometheusTime = z.string();
/** A duration: Prometheus's (`5m`, `1h30m`) or seconds with a fraction. */
const PrometheusDuration = z.string();
const MatchParam = z.array(z.string()).optional();

/** `query` and `query_range`'s shared parameters. */
const EvaluationParams = {
  query: z.string(),
  timeout: PrometheusDuration.optional(),
  lookback_delta: PrometheusDuration.optional(),
};

/** `/api/v1/query`, as query string or form body. */
export const PrometheusInstantQueryParams = z.object({
  ...EvaluationParams,
  time: PrometheusTime.optional(),
});
export type PrometheusInstantQueryParams = z.infer<typeof PrometheusInstantQueryParams>;

/** `/api/v1/query_range`. */
export const PrometheusRangeQueryParams = z.object({
  ...EvaluationParams,
  start: PrometheusTime,
  end: PrometheusTime,
  step: PrometheusDuration,
});
export type PrometheusRangeQueryParams = z.infer<typeof PrometheusRangeQueryParams>;

/** `/api/v1/query_exemplars`. */
export const PrometheusExemplarsParams = z.object({
  query: z.string(),
  start: PrometheusTime.optional(),
  end: PrometheusTime.optional(),
});
export type PrometheusExemplarsParams = z.infer<typeof PrometheusExemplarsParams>;

/** `/api/v1/series`, `/api/v1/labels` and `/api/v1/label/{name}/values`: `match[]` is required by `series` only. */
export const PrometheusSeriesParams = z.object({
  "match[]": MatchParam,
  start: PrometheusTime.optional(),
  end: PrometheusTime.optional(),
  /** 0: no limit; a cut result carries a warning. */
  limit: z.string().optional(),
});
export type PrometheusSeriesParams = z.infer<typeof PrometheusSeriesParams>;

/** `/api/v1/rules`. */
export const PrometheusRulesParams = z.object({
  type: z.enum(["alert", "record"]).optional(),
  "rule_name[]": MatchParam,
  "rule_group[]": MatchParam,
  "file[]": MatchParam,
  exclude_alerts: z.string().optional(),
});
export type PrometheusRulesParams = z.infer<typeof PrometheusRulesParams>;

/** `/api/v1/label/{name}/values`. */
export const PrometheusLabelPath = z.object({ name: z.string() });
export type PrometheusLabelPath = z.infer<typeof PrometheusLabelPath>;
