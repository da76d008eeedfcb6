import { createHash, timingSafeEqual } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { METHOD_NAME_ALL } from "hono/router";
import type { RouterRoute } from "hono/types";
import { findTargetHandler } from "hono/utils/handler";

export const ROLES = ["viewer", "reporter", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What a route lets in: callers with a role, or anyone (`public`: liveness probes, the API's description). */
export type Access = "public" | Role;
const ACCESS_ORDER: readonly Access[] = ["public", ...ROLES];

/** The fleet host names a reporter token may report under; absent, any host. */
type HostBinding = { readonly hosts?: readonly string[] };

/** A configured token, its secret already read from `token` or `token_file`. */
export type TokenGrant = { readonly name: string; readonly token: string; readonly role: Role } & HostBinding;

/** Who made the request: a token's name, or `loopback` when no tokens are configured. */
export type Principal = { readonly name: string; readonly role: Role } & HostBinding;

export type AuthEnv = { Variables: { principal: Principal } };

export type RoleAuthOptions = {
  readonly tokens: readonly TokenGrant[];
  /** The client's IP address; by default the node-server socket's. */
  readonly readClientAddress?: (c: Context) => string | undefined;
};

/** Who may make a request, or the 401/403 that refuses it. */
export type AuthDecision =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly status: 401 | 403; readonly code: string; readonly message: string };

type Grants = readonly (TokenGrant & { readonly digest: Buffer })[];

/** A prepared checker for one request's authorization header and client address, shared by HTTP and WebSocket. */
export function createAuthorizer(tokens: readonly TokenGrant[]) {
  const grants: Grants = tokens.map((grant) => ({ ...grant, digest: digestOf(grant.token) }));
  return (
    authorization: string | undefined,
    clientAddress: string | undefined,
    required: Role,
  ): AuthDecision => {
    if (grants.length === 0) {
      return isLoopback(clientAddress)
        ? { ok: true, principal: { name: "loopback", role: "admin" } }
        : {
            ok: false,
            status: 403,
            code: "forbidden",
            message: "no tokens are configured, so only loopback clients are allowed",
          };
    }
    const presented = readBearerToken(authorization);
    if (presented === undefined) {
      return {
        ok: false,
        status: 401,
        code: "unauthorized",
        message: "an Authorization: Bearer token is required",
      };
    }
    const digest = digestOf(presented);
    // Every grant is compared, matched or not, so the time taken says nothing about which one matched.
    let matched: Grants[number] | undefined;
    for (const grant of grants) {
      if (timingSafeEqual(grant.digest, digest) && matched === undefined) matched = grant;
    }
    if (matched === undefined) {
      return { ok: false, status: 401, code: "unauthorized", message: "the bearer token is not valid" };
    }
    if (ROLES.indexOf(matched.role) < ROLES.indexOf(required)) {
      return {
        ok: false,
        status: 403,
        code: "forbidden",
        message: `token "${matched.name}" has role ${matched.role}; this request needs ${required}`,
      };
    }
    const principal: Principal = { name: matched.name, role: matched.role };
    return {
      ok: true,
      principal: matched.hosts === undefined ? principal : { ...principal, hosts: matched.hosts },
    };
  };
}

/** The access each `requireRole` or `publicRoute` middleware declares, found again among a request's matched handlers. */
const DECLARED_ACCESS = new WeakMap<object, Access>();

function declaring(access: Access): MiddlewareHandler {
  const declaration: MiddlewareHandler = (_c, next) => next();
  DECLARED_ACCESS.set(declaration, access);
  return declaration;
}

/**
 * Declares the least role a route needs, next to its handler:
 * `api.post("/incidents/:id/ack", requireRole("operator"), handler)`. `roleAuth` reads the declaration
 * before any handler of the request runs; in the route's own chain it only passes on.
 */
export function requireRole(role: Role): MiddlewareHandler {
  return declaring(role);
}

/** Declares a route anyone may call, token or not, from any address: `app.get("/healthz", publicRoute(), handler)`. */
export function publicRoute(): MiddlewareHandler {
  return declaring("public");
}

/**
 * The access the routes matching a request declare, the strictest where several of their handlers declare
 * one. A route that declares none needs admin: a forgotten declaration refuses, not admits. A path no route
 * serves needs only a valid caller, who is then told it is not found.
 */
export function declaredAccess(routes: readonly RouterRoute[]): Access {
  let declared: Access | undefined;
  let isServed = false;
  for (const route of routes) {
    // Middleware (`use`) is registered for every method; a route's handlers for their own.
    if (route.method !== METHOD_NAME_ALL) isServed = true;
    // A sub-app with its own error handler is mounted as wrappers around its handlers.
    const access = DECLARED_ACCESS.get(findTargetHandler(route.handler));
    if (
      access !== undefined &&
      (declared === undefined || ACCESS_ORDER.indexOf(access) > ACCESS_ORDER.indexOf(declared))
    ) {
      declared = access;
    }
  }
  if (declared !== undefined) return declared;
  return isServed ? "admin" : "viewer";
}

/**
 * Bearer-token roles, viewer < reporter < operator < admin, each request needing the role its route
 * declares with `requireRole`; mount it before the routes. With no tokens configured only loopback
 * clients get in, with every role; with tokens, a known `Authorization: Bearer` token is required and its
 * role must reach the request's. Sets `principal` (not on `publicRoute` routes, which anyone may call);
 * answers 401/403 with the error envelope.
 */
export function roleAuth(options: RoleAuthOptions): MiddlewareHandler<AuthEnv> {
  const readClientAddress = options.readClientAddress ?? readSocketAddress;
  const authorize = createAuthorizer(options.tokens);
  return async (c, next) => {
    const access = declaredAccess(matchedRoutes(c));
    if (access === "public") return next();
    const decision = authorize(c.req.header("authorization"), readClientAddress(c), access);
    if (!decision.ok) {
      const headers: Record<string, string> =
        decision.status === 401 ? { "www-authenticate": 'Bearer realm="orbt"' } : {};
      return c.json({ error: { code: decision.code, message: decision.message } }, decision.status, headers);
    }
    c.set("principal", decision.principal);
    return next();
  };
}

function readBearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([^ ]+) *$/i.exec(header ?? "");
  return match?.[1];
}

// Equal-length digests let timingSafeEqual compare tokens of any length.
function digestOf(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

function readSocketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return v4.startsWith("127.") || address === "::1";
}
