import { createHash, timingSafeEqual } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";

export const ROLES = ["viewer", "reporter", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** A configured token, its secret already read from `token` or `token_file`. */
export type TokenGrant = { readonly name: string; readonly token: string; readonly role: Role };

/** Who made the request: a token's name, or `loopback` when no tokens are configured. */
export type Principal = { readonly name: string; readonly role: Role };

export type AuthEnv = { Variables: { principal: Principal } };

export type RoleAuthOptions = {
  readonly tokens: readonly TokenGrant[];
  /** The least role a request needs; `requiredRoleFor` is the daemon's map of its routes. */
  readonly requiredRole: Role | ((c: Context) => Role);
  /** The client's IP address; by default the node-server socket's. */
  readonly readClientAddress?: (c: Context) => string | undefined;
};

/**
 * Bearer-token roles, viewer < reporter < operator < admin. With no tokens configured only loopback
 * clients get in, with every role; with tokens, a known `Authorization: Bearer` token is required and its
 * role must reach the request's. Sets `principal`; answers 401/403 with the error envelope.
 */
export function roleAuth(options: RoleAuthOptions): MiddlewareHandler<AuthEnv> {
  const readClientAddress = options.readClientAddress ?? readSocketAddress;
  const grants = options.tokens.map((grant) => ({ ...grant, digest: digestOf(grant.token) }));
  return async (c, next) => {
    const required =
      typeof options.requiredRole === "function" ? options.requiredRole(c) : options.requiredRole;
    if (grants.length === 0) {
      if (!isLoopback(readClientAddress(c))) {
        return c.json(
          {
            error: {
              code: "forbidden",
              message: "no tokens are configured, so only loopback clients are allowed",
            },
          },
          403,
        );
      }
      c.set("principal", { name: "loopback", role: "admin" });
      return next();
    }
    const presented = readBearerToken(c.req.header("authorization"));
    if (presented === undefined) return unauthorized(c, "an Authorization: Bearer token is required");
    const digest = digestOf(presented);
    // Every grant is compared, matched or not, so the time taken says nothing about which one matched.
    let matched: (typeof grants)[number] | undefined;
    for (const grant of grants) {
      if (timingSafeEqual(grant.digest, digest) && matched === undefined) matched = grant;
    }
    if (matched === undefined) return unauthorized(c, "the bearer token is not valid");
    if (ROLES.indexOf(matched.role) < ROLES.indexOf(required)) {
      return c.json(
        {
          error: {
            code: "forbidden",
            message: `token "${matched.name}" has role ${matched.role}; this request needs ${required}`,
          },
        },
        403,
      );
    }
    c.set("principal", { name: matched.name, role: matched.role });
    return next();
  };
}

const INGEST_PATHS = [
  /^\/v1\/(metrics|traces|logs)$/,
  /^\/prometheus\/api\/v1\/write$/,
  /^\/api\/v1\/alerts\/alertmanager$/,
  /^\/api\/v1\/health$/,
];
const OPERATOR_PATHS = /^\/api\/v1\/incidents\/[^/]+\/(ack|resolve|approve|deny)$/;

/** The daemon's route roles: ingest needs reporter, incident actions operator, reads viewer, the rest admin. */
export function requiredRoleFor(c: Context): Role {
  const { method, path } = c.req;
  if (method === "GET" || method === "HEAD") return "viewer";
  if (method === "POST" && INGEST_PATHS.some((pattern) => pattern.test(path))) return "reporter";
  if (method === "POST" && OPERATOR_PATHS.test(path)) return "operator";
  // Prometheus's read API takes queries as POST forms too.
  if (method === "POST" && /^\/prometheus\/api\/v1\/(query|query_range|series|labels)$/.test(path))
    return "viewer";
  return "admin";
}

function unauthorized(c: Context, message: string): Response {
  return c.json({ error: { code: "unauthorized", message } }, 401, {
    "www-authenticate": 'Bearer realm="orbt"',
  });
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
