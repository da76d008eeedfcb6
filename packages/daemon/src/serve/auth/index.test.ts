import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { serveLocally } from "../../../test/support/local-http-server.js";
import { type AuthEnv, type Role, requiredRoleFor, roleAuth, type TokenGrant } from "./index.js";

const TOKENS: readonly TokenGrant[] = [
  { name: "grafana", token: "view-secret", role: "viewer" },
  { name: "collector", token: "report-secret", role: "reporter" },
  { name: "oncall", token: "operate-secret", role: "operator" },
];

function appWith(tokens: readonly TokenGrant[], clientAddress?: string): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use("*", roleAuth({ tokens, requiredRole: requiredRoleFor, readClientAddress: () => clientAddress }));
  app.all("*", (c) => c.json(c.get("principal")));
  return app;
}

async function call(app: Hono<AuthEnv>, method: string, path: string, token?: string): Promise<Response> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return app.request(path, { method, headers });
}

describe("roleAuth", () => {
  it("lets loopback clients in with every role when no tokens are configured, and no one else", async () => {
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const response = await call(appWith([], address), "POST", "/api/v1/incidents/inc-1/resolve");
      expect([response.status, await response.json()]).toEqual([200, { name: "loopback", role: "admin" }]);
    }
    const remote = await call(appWith([], "10.0.0.5"), "GET", "/api/v1/status");
    expect(remote.status).toBe(403);
    expect(await remote.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    expect((await call(appWith([], undefined), "GET", "/api/v1/status")).status).toBe(403);
  });

  it.each<[string, string, string | undefined, number]>([
    ["GET", "/api/v1/status", undefined, 401],
    ["GET", "/api/v1/status", "wrong-secret", 401],
    ["GET", "/api/v1/status", "view-secret", 200],
    ["POST", "/v1/metrics", "view-secret", 403],
    ["POST", "/v1/metrics", "report-secret", 200],
    ["POST", "/prometheus/api/v1/write", "report-secret", 200],
    ["POST", "/api/v1/alerts/alertmanager", "report-secret", 200],
    ["POST", "/api/v1/incidents/inc-1/ack", "report-secret", 403],
    ["POST", "/api/v1/incidents/inc-1/ack", "operate-secret", 200],
    ["POST", "/prometheus/api/v1/query", "view-secret", 200],
    ["DELETE", "/api/v1/silences/1", "operate-secret", 403],
  ])("with tokens, %s %s with token %s answers %i", async (method, path, token, status) => {
    // Loopback gets no free pass once tokens exist.
    const response = await call(appWith(TOKENS, "127.0.0.1"), method, path, token);
    expect(response.status).toBe(status);
    if (status === 401) {
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="orbt"');
      expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    }
  });

  it("names the token and role in a 403 but never echoes the secret", async () => {
    const response = await call(appWith(TOKENS), "POST", "/v1/logs", "view-secret");
    const text = await response.text();
    expect(text).toContain('token \\"grafana\\" has role viewer; this request needs reporter');
    expect(text).not.toContain("view-secret");
  });

  it("reads the client address from a real loopback socket by default", async () => {
    const app = new Hono<AuthEnv>();
    const role: Role = "viewer";
    app.use("*", roleAuth({ tokens: [], requiredRole: role }));
    app.get("/", (c) => c.text(c.get("principal").name));
    const server = await serveLocally(app.fetch);
    try {
      const response = await fetch(`${server.url}/`);
      expect([response.status, await response.text()]).toEqual([200, "loopback"]);
    } finally {
      await server.close();
    }
  });
});
