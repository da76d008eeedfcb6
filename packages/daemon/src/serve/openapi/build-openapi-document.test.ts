import { Validator } from "@seriousme/openapi-schema-validator";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { startApiDaemon } from "../../../test/support/api-daemon.js";
import { DIALECTS, useDialectFixtures } from "../../../test/support/store-dialects.js";
import { parseConfigText } from "../../config/parse-config-text.js";
import {
  type Access,
  type AuthEnv,
  ROLES,
  type Role,
  requireRole,
  roleAuth,
  type TokenGrant,
} from "../auth/index.js";
import { STREAM_OPERATION } from "../stream-hub.js";
import { buildOpenApiDocument, listServedRoutes } from "./build-openapi-document.js";
import { describeRoute, jsonResponse } from "./describe-route.js";

const TOKENS: readonly TokenGrant[] = ROLES.map((role) => ({ name: role, token: `${role}-secret`, role }));
const REMOTE_ADDRESS = "10.0.0.5";
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

type Document = ReturnType<typeof buildOpenApiDocument>;
type Operation = { readonly method: string; readonly path: string; readonly access: Access };

function toOpenApiPath(path: string): string {
  return path.replace(/:([^/]+)/g, "{$1}");
}

/** Each operation in the document, with the access its security requirement states. */
function documentedOperations(document: Document): Operation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item?.[method];
      if (operation === undefined) return [];
      const requirement = operation.security?.[0]?.bearer;
      const access: Access = requirement === undefined ? "public" : (requirement[0] as Role);
      return [{ method: method.toUpperCase(), path, access }];
    }),
  );
}

/** Served routes the document does not list. */
function undocumented(app: Hono<AuthEnv>, document: Document): string[] {
  const documented = new Set(documentedOperations(document).map((op) => `${op.method} ${op.path}`));
  return listServedRoutes(app)
    .map((route) => `${route.method} ${toOpenApiPath(route.path)}`)
    .filter((key) => !documented.has(key));
}

describe("the API's OpenAPI document", () => {
  const { createFixture, defer } = useDialectFixtures(DIALECTS[0] as (typeof DIALECTS)[number]);

  async function servedApp(): Promise<Hono<AuthEnv>> {
    const parsed = parseConfigText(
      "project: shop\nenvironment: dev\nservices:\n  - name: web\n    platform: exec\n",
      "orbt.yaml",
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const daemon = await startApiDaemon({
      fixture: await createFixture(),
      config: parsed.value,
      auth: roleAuth({ tokens: TOKENS, readClientAddress: () => REMOTE_ADDRESS }),
      clock: () => 1_764_140_000_000,
      defer,
    });
    return daemon.app;
  }

  async function servedDocument(app: Hono<AuthEnv>): Promise<Document> {
    // Served without a token, to a client that is not on loopback, while tokens are configured.
    const response = await app.request("/api/v1/openapi.json");
    expect(response.status).toBe(200);
    return (await response.json()) as Document;
  }

  it("is served without a token and lists every route the API's port serves, and the stream", async () => {
    const app = await servedApp();
    const document = await servedDocument(app);
    expect(undocumented(app, document)).toEqual([]);
    const served = new Set(
      listServedRoutes(app).map((route) => `${route.method} ${toOpenApiPath(route.path)}`),
    );
    const notServed = documentedOperations(document)
      .map((op) => `${op.method} ${op.path}`)
      .filter((key) => !served.has(key));
    expect(notServed).toEqual([`GET ${STREAM_OPERATION.path}`]);
    expect(served.size).toBeGreaterThan(30);
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const document = await servedDocument(await servedApp());
    const validator = new Validator();
    // As text with line breaks, which the validator parses rather than reading as a file name.
    const result = await validator.validate(JSON.stringify(document, null, 2));
    expect(result.errors ?? []).toEqual([]);
    expect([result.valid, validator.version]).toEqual([true, "3.1"]);
  });

  it("states each operation's least role as the API enforces it", async () => {
    const app = await servedApp();
    const operations = documentedOperations(await servedDocument(app)).filter(
      (op) => op.path !== STREAM_OPERATION.path,
    );
    const statusOf = async (op: Operation, role?: Role) => {
      const path = op.path.replace(/\{[^}]+\}/g, "x");
      const headers: Record<string, string> =
        role === undefined ? {} : { authorization: `Bearer ${role}-secret` };
      return (await app.request(path, { method: op.method, headers })).status;
    };
    for (const op of operations) {
      const label = `${op.method} ${op.path} (${op.access})`;
      if (op.access === "public") {
        expect(await statusOf(op), label).toBe(200);
        continue;
      }
      expect(await statusOf(op), label).toBe(401);
      const below = ROLES[ROLES.indexOf(op.access) - 1];
      if (below !== undefined) expect(await statusOf(op, below), label).toBe(403);
      expect([401, 403], label).not.toContain(await statusOf(op, op.access));
    }
    expect(new Set(operations.map((op) => op.access))).toEqual(new Set(["public", ...ROLES]));
  });

  it("leaves out a served route without a description, which the coverage check reports", () => {
    const app = new Hono<AuthEnv>();
    app.get(
      "/described",
      requireRole("viewer"),
      describeRoute({
        operationId: "described",
        summary: "Described",
        responses: { 200: jsonResponse("Fine.", z.object({})) },
      }),
      (c) => c.json({}),
    );
    app.post("/forgotten/:id", requireRole("operator"), (c) => c.json({}));
    const document = buildOpenApiDocument(app, []);
    expect(Object.keys(document.paths ?? {})).toEqual(["/described"]);
    expect(undocumented(app, document)).toEqual(["POST /forgotten/{id}"]);
  });
});
