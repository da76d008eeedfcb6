import type { MiddlewareHandler } from "hono";
import type { RouterRoute } from "hono/types";
import { findTargetHandler } from "hono/utils/handler";
import type { ZodType } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiResponseObject } from "zod-openapi";

/**
 * An operation as the API's OpenAPI document shows it. Its security is not written here: the document
 * takes it from the route's own `requireRole` or `publicRoute`, so the two cannot disagree.
 */
export type RouteDescription = Omit<ZodOpenApiOperationObject, "security" | "operationId"> & {
  readonly operationId: string;
};

const DESCRIPTIONS = new WeakMap<object, RouteDescription>();

/**
 * Describes a route for `GET /api/v1/openapi.json`, next to its handler:
 * `api.get("/status", requireRole("viewer"), describeRoute({...}), handler)`. In the chain it only passes on.
 */
export function describeRoute(description: RouteDescription): MiddlewareHandler {
  const declaration: MiddlewareHandler = (_c, next) => next();
  DESCRIPTIONS.set(declaration, description);
  return declaration;
}

/** The description among a route's handlers, if it has one. */
export function describedOperation(routes: readonly RouterRoute[]): RouteDescription | undefined {
  for (const route of routes) {
    // A sub-app with its own error handler is mounted as wrappers around its handlers.
    const description = DESCRIPTIONS.get(findTargetHandler(route.handler));
    if (description !== undefined) return description;
  }
  return undefined;
}

/** A response with a JSON body. */
export function jsonResponse(description: string, schema: ZodType): ZodOpenApiResponseObject {
  return { description, content: { "application/json": { schema } } };
}
