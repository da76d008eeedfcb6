import {
  ApiError,
  HostBatch,
  HostBatchResponse,
  HostsResponse,
  type HostView,
  serviceStatus,
} from "@orbt/core";
import { Hono } from "hono";
import type { FleetInbox } from "../fleet/fleet-inbox.js";
import type { OrbtRuntime } from "../runtime/orbt-runtime.js";
import type { Store } from "../store/store.js";
import { ApiFailure, parseOrFail } from "./api-failure.js";
import { type AuthEnv, requireRole } from "./auth/index.js";
import { describeRoute, jsonResponse } from "./openapi/describe-route.js";
import { readJsonBody } from "./read-json-body.js";

/** `/api/v1/upstream/batches`, where hosts report, and `/api/v1/hosts`, this daemon and every host. */
export function fleetRoutes(runtime: OrbtRuntime, store: Store, fleet: FleetInbox): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>();

  routes.post(
    "/upstream/batches",
    requireRole("reporter"),
    describeRoute({
      operationId: "applyHostBatch",
      summary: "A host's messages, applied once each in seq order; resent ones are skipped",
      tags: ["fleet"],
      requestBody: { content: { "application/json": { schema: HostBatch } } },
      responses: {
        200: jsonResponse("The host's last seq applied here, and what this batch added.", HostBatchResponse),
        400: jsonResponse("The body names what is wrong, in `error.path`.", ApiError),
        403: jsonResponse("The token is bound to other hosts (`tokens[].hosts`).", ApiError),
        409: jsonResponse("The host is this daemon's own name.", ApiError),
      },
    }),
    async (c) => {
      const batch = parseOrFail(HostBatch, await readJsonBody(c, false), "body");
      const { name, hosts } = c.var.principal;
      if (hosts !== undefined && !hosts.includes(batch.host)) {
        throw new ApiFailure(
          403,
          "forbidden",
          `token "${name}" may report only as ${hosts.map((host) => `"${host}"`).join(", ")}, not as "${batch.host}"`,
          "host",
        );
      }
      if (batch.host === fleet.localHost) {
        throw new ApiFailure(409, "conflict", `host "${batch.host}" is this daemon's own name`, "host");
      }
      return c.json(await fleet.apply(batch.host, batch.messages));
    },
  );

  routes.get(
    "/hosts",
    requireRole("viewer"),
    describeRoute({
      operationId: "listHosts",
      summary: "This daemon and every host reporting to it, with its services' status and open incidents",
      tags: ["fleet"],
      responses: { 200: jsonResponse("The hosts, this daemon first.", HostsResponse) },
    }),
    async (c) => {
      const { state } = runtime;
      const local: HostView = {
        host: fleet.localHost,
        isLocal: true,
        lastSeq: runtime.seq,
        lastSeenAt: runtime.now(),
        openIncidents: Object.keys(state.incidents).length,
        services: Object.keys(state.services)
          .sort()
          .map((name) => ({ name, status: serviceStatus(state, name) })),
      };
      const remote = (await store.listFleetHosts()).map((host) => ({ ...host, isLocal: false }));
      return c.json({ hosts: [local, ...remote] });
    },
  );

  return routes;
}
