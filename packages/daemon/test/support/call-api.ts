import type { Hono } from "hono";
import type { AuthEnv } from "../../src/serve/auth/index.js";

/** One request to an in-process API under `/api/v1`, a JSON body sent when given; the status and JSON answer. */
export async function callApi(
  app: Hono<AuthEnv>,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<{ readonly status: number; readonly body: unknown }> {
  const response = await app.request(`/api/v1${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}
