import {
  ApiError,
  AutomationView,
  EscalationView,
  Incident,
  IncidentSummary,
  KnowledgeEntry,
  PrometheusError,
  PrometheusSuccess,
  ServiceView,
} from "@orbt/core";
import type { Hono } from "hono";
import { METHOD_NAME_ALL } from "hono/router";
import type { RouterRoute } from "hono/types";
import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from "zod-openapi";
import { type Access, type AuthEnv, declaredAccess } from "../auth/index.js";
import { describedOperation, jsonResponse, type RouteDescription } from "./describe-route.js";

/** An endpoint served outside the hono app (the WebSocket stream), described with the access it checks. */
export type ExtraOperation = {
  readonly method: string;
  readonly path: string;
  readonly access: Access;
  readonly description: RouteDescription;
};

/** A route the app serves: one method on one path, `:param`s as hono writes them. */
export type ServedRoute = { readonly method: string; readonly path: string };

/** Schemas shown once under `components.schemas` and referenced wherever an operation uses them. */
const NAMED_SCHEMAS = {
  ApiError,
  Incident,
  IncidentSummary,
  ServiceView,
  EscalationView,
  KnowledgeEntry,
  AutomationView,
  PrometheusSuccess,
  PrometheusError,
};

const SECURITY_SCHEME = "bearer";

/**
 * Every method and path the app serves, wildcard routes (middleware, CORS preflight) aside: the operations
 * an OpenAPI document lists.
 */
export function listServedRoutes(app: { readonly routes: readonly RouterRoute[] }): ServedRoute[] {
  const seen = new Map<string, ServedRoute>();
  for (const route of app.routes) {
    if (route.method === METHOD_NAME_ALL || route.path.includes("*")) continue;
    seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()];
}

/**
 * The app's OpenAPI 3.1 document, read off its routes once every route is mounted: each described route
 * with the access it declares (its least role as a security requirement, or none for a public route).
 * A served route without `describeRoute` is left out; the API's tests fail on it.
 */
export function buildOpenApiDocument(
  app: Hono<AuthEnv>,
  extra: readonly ExtraOperation[],
): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  const add = (method: string, path: string, access: Access, description: RouteDescription) => {
    const templated = toOpenApiPath(path);
    paths[templated] = { ...paths[templated], [method.toLowerCase()]: withSecurity(description, access) };
  };
  for (const served of listServedRoutes(app)) {
    const own = app.routes.filter((route) => route.method === served.method && route.path === served.path);
    const description = describedOperation(own);
    if (description === undefined) continue;
    add(served.method, served.path, accessOf(app, served), description);
  }
  for (const operation of extra)
    add(operation.method, operation.path, operation.access, operation.description);
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Orbt daemon API",
      // The document's own version: the API under /api/v1.
      version: "1",
      description:
        "The REST API of orbtd, its Prometheus-compatible read API under /prometheus, and the receivers " +
        "served on the API's port. OTLP/HTTP is served on a port of its own (`otlp.listen`) and speaks the " +
        "OTLP protocol. Errors of the REST API and the receivers answer `ApiError`; those of the Prometheus " +
        "API answer `PrometheusError`.",
    },
    paths,
    components: {
      schemas: NAMED_SCHEMAS,
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: "http",
          scheme: "bearer",
          description:
            "A token from `tokens:` in the config. Roles rank viewer < reporter < operator < admin; an " +
            "operation lists the least role it needs. With no tokens configured, loopback clients need none.",
        },
      },
    },
  });
}

/** The access the route declares, found as a request would find it: through the app's router. */
function accessOf(app: Hono<AuthEnv>, served: ServedRoute): Access {
  const sample = served.path.replace(/:[^/]+/g, "x");
  const matched: RouterRoute[] = app.router.match(served.method, sample)[0].map(([[, route]]) => route);
  return declaredAccess(matched);
}

function withSecurity(description: RouteDescription, access: Access): ZodOpenApiOperationObject {
  if (access === "public") return { ...description, security: [] };
  return {
    ...description,
    // OpenAPI 3.1 lets a non-OAuth requirement list the roles it needs.
    security: [{ [SECURITY_SCHEME]: [access] }],
    responses: {
      401: jsonResponse("No valid bearer token.", ApiError),
      403: jsonResponse(`The token's role is below ${access}.`, ApiError),
      ...description.responses,
    },
  };
}

function toOpenApiPath(path: string): string {
  return path.replace(/:([^/{?]+)/g, "{$1}");
}
