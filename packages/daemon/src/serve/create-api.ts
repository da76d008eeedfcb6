import {
  buildPatternViews,
  buildStatusView,
  DEFAULT_LIST_LIMIT,
  EscalationReport,
  EscalationsQuery,
  type EscalationView,
  Incident,
  IncidentsQuery,
  type NotifyReceiverView,
  OperatorNote,
  summarizeIncident,
} from "@orbt/core";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "../create-logger.js";
import type { DaemonMetrics } from "../daemon-metrics.js";
import type { OrbtRuntime } from "../runtime/orbt-runtime.js";
import type { IncidentRecord, Store } from "../store/store.js";
import { ApiFailure, parseOrFail } from "./api-failure.js";
import { type AuthEnv, requireRole } from "./auth/index.js";
import { knowledgeRoutes } from "./knowledge-routes.js";
import { readJsonBody } from "./read-json-body.js";

export type ApiOptions = {
  readonly runtime: OrbtRuntime;
  /** Runs before every route but `/healthz`, which liveness probes reach without a token. */
  readonly auth: MiddlewareHandler<AuthEnv>;
  readonly store: Store;
  readonly metrics: DaemonMetrics;
  /** The notification receivers' queues and errors. */
  readonly notify: { status(): Promise<NotifyReceiverView[]> };
  readonly log: Logger;
  /** Receiver routes that hold bodies to `ingest.max_body` themselves, so the API's own limit skips them. */
  readonly receiverPaths?: ReadonlySet<string>;
};

const API_BODY_LIMIT_BYTES = 1024 * 1024;

/** Rows are written by this daemon, so a row that does not parse is a bug or a damaged database: a 500. */
function storedIncident(row: IncidentRecord): Incident {
  const parsed = Incident.safeParse(row.detail);
  if (!parsed.success) {
    throw new Error(`incident ${row.id}: stored detail is not an incident: ${parsed.error.message}`);
  }
  return parsed.data;
}

export function createApi(options: ApiOptions): Hono<AuthEnv> {
  const { runtime, store, metrics, notify, log } = options;
  const app = new Hono<AuthEnv>();

  app.onError((err, c) => {
    if (err instanceof ApiFailure) {
      return c.json(
        {
          error: {
            code: err.code,
            message: err.message,
            ...(err.path === undefined ? {} : { path: err.path }),
          },
        },
        err.status,
      );
    }
    log.error({ err, path: c.req.path }, "request failed");
    return c.json({ error: { code: "internal", message: "internal error; see the daemon log" } }, 500);
  });
  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  const tooLarge = () => {
    throw new ApiFailure(413, "body_too_large", `request body exceeds ${API_BODY_LIMIT_BYTES} bytes`);
  };
  const limitBody = bodyLimit({ maxSize: API_BODY_LIMIT_BYTES, onError: tooLarge });
  app.use("*", async (c, next) => {
    if (options.receiverPaths?.has(c.req.path)) return next();
    // bodyLimit asks for `raw.body`, for which the Node adapter builds a whole web Request per call; a
    // declared Content-Length, which Node's HTTP parser holds the body to, is checked without it.
    const declared = c.req.header("content-length");
    if (declared === undefined || c.req.header("transfer-encoding") !== undefined) return limitBody(c, next);
    if (Number(declared) > API_BODY_LIMIT_BYTES) tooLarge();
    await next();
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.use("*", options.auth);
  app.get("/metrics", requireRole("viewer"), async (c) =>
    c.text(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType }),
  );

  const api = new Hono<AuthEnv>();
  api.get("/status", requireRole("viewer"), (c) => c.json(buildStatusView(runtime.state)));

  /** The store's rows include live incidents: each is written in the transaction that journals its change. */
  api.get("/incidents", requireRole("viewer"), async (c) => {
    const query = parseOrFail(IncidentsQuery, c.req.query(), "query");
    const after = query.after === undefined ? undefined : await store.getIncident(query.after);
    if (query.after !== undefined && after === undefined) {
      throw new ApiFailure(400, "invalid_request", `query after: no incident ${query.after}`, "after");
    }
    const rows = await store.listIncidents({
      ...(query.state === undefined ? {} : { state: query.state }),
      limit: query.limit ?? DEFAULT_LIST_LIMIT,
      ...(after === undefined ? {} : { after }),
    });
    return c.json({ incidents: rows.map((row) => summarizeIncident(storedIncident(row))) });
  });

  /** Live incidents from memory; resolved ones, which the engine no longer holds, from the store. */
  async function findIncident(id: string): Promise<Incident> {
    const live = runtime.state.incidents[id];
    if (live !== undefined) return live;
    const row = await store.getIncident(id);
    if (row === undefined) throw new ApiFailure(404, "not_found", `no incident ${id}`);
    return storedIncident(row);
  }

  async function requireLiveIncident(id: string, verb: string): Promise<Incident> {
    const incident = await findIncident(id);
    if (incident.state === "resolved") {
      throw new ApiFailure(
        409,
        "conflict",
        `incident ${id} is already resolved; there is nothing to ${verb}`,
      );
    }
    return incident;
  }

  api.get("/incidents/:id", requireRole("viewer"), async (c) =>
    c.json({ incident: await findIncident(c.req.param("id")) }),
  );

  api.post("/incidents/:id/ack", requireRole("operator"), async (c) => {
    const id = c.req.param("id");
    const body = parseOrFail(OperatorNote, await readJsonBody(c, true), "body");
    await requireLiveIncident(id, "acknowledge");
    await runtime.dispatch({
      type: "IncidentAcknowledged",
      incidentId: id,
      ...body,
      by: body.by ?? c.var.principal.name,
    });
    return c.json({ incident: await findIncident(id) });
  });

  api.post("/incidents/:id/resolve", requireRole("operator"), async (c) => {
    const id = c.req.param("id");
    const body = parseOrFail(OperatorNote, await readJsonBody(c, true), "body");
    await requireLiveIncident(id, "resolve");
    await runtime.dispatch({
      type: "IncidentResolvedByOperator",
      incidentId: id,
      ...body,
      by: body.by ?? c.var.principal.name,
    });
    return c.json({ incident: await findIncident(id) });
  });

  api.get("/automation", requireRole("viewer"), (c) => c.json({ automation: runtime.automationView() }));

  /** The kill switch: journaled, so it holds from the moment the call returns and across restarts. */
  for (const [verb, type] of [
    ["pause", "AutomationPaused"],
    ["resume", "AutomationResumed"],
  ] as const) {
    api.post(`/automation/${verb}`, requireRole("operator"), async (c) => {
      const body = parseOrFail(OperatorNote, await readJsonBody(c, true), "body");
      await runtime.dispatch({ type, ...body, by: body.by ?? c.var.principal.name });
      return c.json({ automation: runtime.automationView() });
    });
  }

  api.get("/escalations", requireRole("viewer"), async (c) => {
    const query = parseOrFail(EscalationsQuery, c.req.query(), "query");
    const rows = await store.listEscalations({ limit: query.limit ?? DEFAULT_LIST_LIMIT });
    const escalations: EscalationView[] = rows.map((row) => ({
      id: row.id,
      incidentId: row.incidentId,
      at: row.at,
      reason: row.reason,
      urgency: row.urgency,
      isDelivered: row.delivered,
      deliveryError: row.deliveryError,
      report: EscalationReport.parse(row.report),
    }));
    return c.json({ escalations });
  });

  api.route("/knowledge", knowledgeRoutes(runtime));
  api.get("/patterns", requireRole("viewer"), (c) =>
    c.json({ patterns: buildPatternViews(runtime.state.settings.patterns) }),
  );

  api.get("/notify", requireRole("viewer"), async (c) => c.json({ receivers: await notify.status() }));

  app.route("/api/v1", api);
  return app;
}
