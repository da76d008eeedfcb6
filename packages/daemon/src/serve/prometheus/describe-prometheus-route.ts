import { PrometheusError, PrometheusSuccess } from "@orbt/core";
import type { MiddlewareHandler } from "hono";
import type { ZodObject } from "zod";
import { describeRoute, jsonResponse } from "../openapi/describe-route.js";

/** What a Prometheus API endpoint's description says; responses are the Prometheus envelopes. */
export type PrometheusRouteDoc = {
  readonly operationId: string;
  readonly summary: string;
  /** Its parameters, from the query string (and, on POST, a form body too). */
  readonly params?: ZodObject;
  readonly path?: ZodObject;
  /** It evaluates PromQL, so it can fail in execution or time out. */
  readonly isEvaluating?: boolean;
};

const EXTERNAL_DOCS = {
  description: "The Prometheus HTTP API",
  url: "https://prometheus.io/docs/prometheus/latest/querying/api/",
};

/** `describeRoute` for a Prometheus API endpoint on `method`; a POST takes its parameters as a form too. */
export function describePrometheusRoute(method: "GET" | "POST", doc: PrometheusRouteDoc): MiddlewareHandler {
  const isPost = method === "POST";
  return describeRoute({
    operationId: isPost ? `${doc.operationId}Post` : doc.operationId,
    summary: doc.summary,
    tags: ["prometheus"],
    externalDocs: EXTERNAL_DOCS,
    requestParams: {
      ...(doc.params === undefined || isPost ? {} : { query: doc.params }),
      ...(doc.path === undefined ? {} : { path: doc.path }),
    },
    ...(doc.params !== undefined && isPost
      ? { requestBody: { content: { "application/x-www-form-urlencoded": { schema: doc.params } } } }
      : {}),
    responses: {
      200: jsonResponse("Success; `data` as Prometheus shapes it for this endpoint.", PrometheusSuccess),
      400: jsonResponse("A parameter is wrong (`bad_data`).", PrometheusError),
      ...(doc.isEvaluating === true
        ? {
            422: jsonResponse("The query failed to evaluate (`execution`).", PrometheusError),
            503: jsonResponse("The query timed out (`timeout`).", PrometheusError),
          }
        : {}),
    },
  });
}
