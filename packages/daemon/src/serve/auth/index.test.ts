import { type Context, Hono } from "hono";
import { describe, expect, it } from "vitest";
import { serveLocally } from "../../../test/support/local-http-server.js";
import { type AuthEnv, publicRoute, requireRole, roleAuth, type TokenGrant } from "./index.js";

const TOKENS: readonly TokenGrant[] = [
  { name: "grafana", token: "view-secret", role: "viewer" },
  { name: "collector", token: "report-secret", role: "reporter" },
  { name: "oncall", token: "operate-secret", role: "operator" },
  { name: "root", token: "admin-secret", role: "admin" },
];

const principal = (c: Context<AuthEnv>) => c.json(c.get("principal"));

/** Routes declaring their roles the ways the daemon's do, behind `roleAuth`. */
function appWith(tokens: readonly TokenGrant[], clientAddress?: string): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use("*", roleAuth({ tokens, readClientAddress: () => clientAddress }));
  app.get("/read", requireRole("viewer"), principal);
  app.get("/probe", publicRoute(), (c) => c.text("up"));
  // Public, but under a prefix that declares admin: the stricter holds.
  app.get("/admin/probe", publicRoute(), (c) => c.text("up"));
  app.post("/report", requireRole("reporter"), principal);
  app.post("/incidents/:id/ack", requireRole("operator"), principal);
  app.on(["GET", "POST"], "/query", requireRole("viewer"), principal);
  // A route whose role was forgotten.
  app.post("/forgotten", principal);
  // A prefix's declaration and a route's: the stricter holds.
  app.use("/admin/*", requireRole("admin"));
  app.get("/admin/read", requireRole("viewer"), principal);
  // A receiver: a sub-app with its own error handler, which hono mounts as wrappers of its handlers.
  const receiver = new Hono();
  receiver.onError((_err, c) => c.text("receiver failed", 503));
  receiver.post("/v1/metrics", requireRole("reporter"), principal);
  app.route("/", receiver);
  return app;
}

async function call(app: Hono<AuthEnv>, method: string, path: string, token?: string): Promise<Response> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return app.request(path, { method, headers });
}

describe("roleAuth", () => {
  it("lets loopback clients in with every role when no tokens are configured, and no one else", async () => {
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const response = await call(appWith([], address), "POST", "/forgotten");
      expect([response.status, await response.json()]).toEqual([200, { name: "loopback", role: "admin" }]);
    }
    const remote = await call(appWith([], "10.0.0.5"), "GET", "/read");
    expect(remote.status).toBe(403);
    expect(await remote.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    expect((await call(appWith([], undefined), "GET", "/read")).status).toBe(403);
  });

  it.each<[string, string, string | undefined, number]>([
    ["GET", "/read", undefined, 401],
    ["GET", "/read", "wrong-secret", 401],
    ["GET", "/read", "view-secret", 200],
    ["HEAD", "/read", "view-secret", 200],
    ["POST", "/report", "view-secret", 403],
    ["POST", "/report", "report-secret", 200],
    ["POST", "/v1/metrics", "view-secret", 403],
    ["POST", "/v1/metrics", "report-secret", 200],
    ["POST", "/incidents/inc-1/ack", "report-secret", 403],
    ["POST", "/incidents/inc-1/ack", "operate-secret", 200],
    ["POST", "/query", "view-secret", 200],
    ["GET", "/admin/read", "operate-secret", 403],
    ["GET", "/admin/read", "admin-secret", 200],
  ])("with tokens, %s %s with token %s answers %i", async (method, path, token, status) => {
    // Loopback gets no free pass once tokens exist.
    const response = await call(appWith(TOKENS, "127.0.0.1"), method, path, token);
    expect(response.status).toBe(status);
    if (status === 401) {
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="orbt"');
      expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    }
  });

  it.each<[string, string]>([["POST", "/forgotten"]])(
    "refuses %s %s, which declares no role, to all but admin",
    async (method, path) => {
      const app = appWith(TOKENS, "127.0.0.1");
      for (const token of ["view-secret", "report-secret", "operate-secret"]) {
        const response = await call(app, method, path, token);
        expect(response.status, token).toBe(403);
        expect(await response.text()).toContain("this request needs admin");
      }
      expect((await call(app, method, path, "admin-secret")).status).not.toBe(403);
    },
  );

  it("lets anyone call a public route, with tokens or without, from any address", async () => {
    for (const [tokens, address] of [
      [TOKENS, "10.0.0.5"],
      [[], "10.0.0.5"],
      [[], undefined],
    ] as const) {
      const response = await call(appWith(tokens, address), "GET", "/probe");
      expect([response.status, await response.text()]).toEqual([200, "up"]);
    }
    expect((await call(appWith(TOKENS, "10.0.0.5"), "GET", "/admin/probe")).status).toBe(401);
    expect((await call(appWith(TOKENS, "10.0.0.5"), "GET", "/admin/probe", "admin-secret")).status).toBe(200);
  });

  it("tells any valid caller that a path no route serves is not found, and a caller without a token nothing", async () => {
    const app = appWith(TOKENS, "127.0.0.1");
    for (const [method, path] of [
      ["GET", "/no-such-route"],
      ["POST", "/no-such-route"],
      ["DELETE", "/read"],
    ] as const) {
      expect((await call(app, method, path, "view-secret")).status, `${method} ${path}`).toBe(404);
      expect((await call(app, method, path)).status, `${method} ${path}`).toBe(401);
    }
  });

  it("names the token and role in a 403 but never echoes the secret", async () => {
    const response = await call(appWith(TOKENS), "POST", "/report", "view-secret");
    const text = await response.text();
    expect(text).toContain('token \\"grafana\\" has role viewer; this request needs reporter');
    expect(text).not.toContain("view-secret");
  });

  it("reads the client address from a real loopback socket by default", async () => {
    const app = new Hono<AuthEnv>();
    app.use("*", roleAuth({ tokens: [] }));
    app.get("/", requireRole("viewer"), (c) => c.text(c.get("principal").name));
    const server = await serveLocally(app.fetch);
    try {
      const response = await fetch(`${server.url}/`);
      expect([response.status, await response.text()]).toEqual([200, "loopback"]);
    } finally {
      await server.close();
    }
  });
});
