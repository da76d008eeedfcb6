import {
  ApiError,
  BuildReportRequest,
  CurrentReportQuery,
  DEFAULT_LIST_LIMIT,
  parseDurationMs,
  ReportQuery,
  ReportResponse,
  ReportsQuery,
  ReportsResponse,
  renderDomainReportMarkdown,
} from "@orbt/core";
import { Hono } from "hono";
import { z } from "zod";
import type { DomainReports } from "../reports/domain-reports.js";
import { ApiFailure, parseOrFail } from "./api-failure.js";
import { type AuthEnv, requireRole } from "./auth/index.js";
import { describeRoute, jsonResponse } from "./openapi/describe-route.js";
import { readJsonBody } from "./read-json-body.js";

/** A report built on request covers this long when the request names no window. */
export const DEFAULT_REPORT_WINDOW = "24h";

function windowMsOf(window: string | undefined, where: "body" | "query"): number {
  const text = window ?? DEFAULT_REPORT_WINDOW;
  const windowMs = parseDurationMs(text);
  if (windowMs === undefined || windowMs <= 0) {
    throw new ApiFailure(
      400,
      "invalid_request",
      `${where} window: expected a duration above 0 like "24h", got ${JSON.stringify(text)}`,
      "window",
    );
  }
  return windowMs;
}

const ReportPath = z.object({ id: z.string().min(1) });
const badWindow = jsonResponse("The window is not a duration above 0; `error.path` is `window`.", ApiError);

/** `/api/v1/reports`: the history of domain reports, one report (JSON or Markdown), and one built now. */
export function reportRoutes(reports: DomainReports): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>();

  routes.get(
    "/",
    requireRole("viewer"),
    describeRoute({
      operationId: "listReports",
      summary: "The kept platform domain reports, newest first",
      tags: ["reports"],
      requestParams: { query: ReportsQuery },
      responses: {
        200: jsonResponse("The reports' ids, names, windows and statuses.", ReportsResponse),
        400: jsonResponse("A query parameter is wrong; `error.path` names it.", ApiError),
      },
    }),
    async (c) => {
      const query = parseOrFail(ReportsQuery, c.req.query(), "query");
      return c.json({ reports: await reports.list(query.limit ?? DEFAULT_LIST_LIMIT) });
    },
  );

  routes.get(
    "/current",
    requireRole("viewer"),
    describeRoute({
      operationId: "getCurrentReport",
      summary: "A report built now over the window, neither kept nor sent: what dashboards poll",
      tags: ["reports"],
      requestParams: { query: CurrentReportQuery },
      responses: { 200: jsonResponse("The report.", ReportResponse), 400: badWindow },
    }),
    async (c) => {
      const query = parseOrFail(CurrentReportQuery, c.req.query(), "query");
      return c.json({ report: await reports.preview(windowMsOf(query.window, "query")) });
    },
  );

  routes.get(
    "/:id",
    requireRole("viewer"),
    describeRoute({
      operationId: "getReport",
      summary: "One kept report, as JSON or (`format=md`) Markdown",
      tags: ["reports"],
      requestParams: { path: ReportPath, query: ReportQuery },
      responses: {
        200: {
          description: "The report.",
          content: { "application/json": { schema: ReportResponse }, "text/markdown": {} },
        },
        404: jsonResponse("No report with that id.", ApiError),
      },
    }),
    async (c) => {
      const query = parseOrFail(ReportQuery, c.req.query(), "query");
      const id = c.req.param("id");
      const report = await reports.get(id);
      if (report === undefined) throw new ApiFailure(404, "not_found", `no report ${id}`);
      if (query.format === "md") {
        return c.text(renderDomainReportMarkdown(report), 200, {
          "content-type": "text/markdown; charset=utf-8",
        });
      }
      return c.json({ report });
    },
  );

  /** Kept in the history like a scheduled one, and sent to no receiver: the caller has it. */
  routes.post(
    "/",
    requireRole("operator"),
    describeRoute({
      operationId: "buildReport",
      summary: "Builds a report over the window now and keeps it in the history",
      tags: ["reports"],
      requestBody: { content: { "application/json": { schema: BuildReportRequest } } },
      responses: { 201: jsonResponse("The report, kept.", ReportResponse), 400: badWindow },
    }),
    async (c) => {
      const body = parseOrFail(BuildReportRequest, await readJsonBody(c, true), "body");
      const windowMs = windowMsOf(body.window, "body");
      const name = `on demand by ${c.var.principal.name}`;
      return c.json({ report: await reports.build({ name, windowMs, receivers: [] }) }, 201);
    },
  );

  return routes;
}
