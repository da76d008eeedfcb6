import { ApiError } from "@orbt/core";
import type { z } from "zod";

export const DEFAULT_DAEMON_URL = "http://127.0.0.1:7070";

const REQUEST_TIMEOUT_MS = 10_000;

/** The options every command that talks to a running daemon takes. */
export type DaemonAddress = { readonly url: string; readonly token?: string | undefined };

export type DaemonReply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === "http:" || protocol === "https:";
}

/** `--url: expected …` when the address is not one, else undefined. */
export function checkDaemonUrl(url: string): string | undefined {
  return isHttpUrl(url)
    ? undefined
    : `--url: expected an http(s) URL like ${DEFAULT_DAEMON_URL}, got ${JSON.stringify(url)}`;
}

function describeCause(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}

/**
 * One call to the daemon's API under `/api/v1`, its answer parsed with `schema`. A failure is a message
 * that says what did not happen (`what`, e.g. "pause"), and for 401 and 403 which role it takes.
 */
export async function requestDaemon<S extends z.ZodType>(
  address: DaemonAddress,
  request: { readonly method: "GET" | "POST"; readonly path: string; readonly body?: unknown },
  schema: S,
  what: { readonly verb: string; readonly role: string },
): Promise<DaemonReply<z.output<S>>> {
  const url = `${address.url.replace(/\/+$/, "")}/api/v1${request.path}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  if (address.token !== undefined && address.token !== "") headers.authorization = `Bearer ${address.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    return { ok: false, message: `cannot reach orbtd at ${address.url}: ${describeCause(err)}` };
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const apiError = ApiError.safeParse(json);
    const reason = apiError.success ? apiError.data.error.message : `HTTP ${response.status}`;
    const hint =
      response.status === 401 || response.status === 403
        ? ` (pass --token or set ORBT_TOKEN to a token with role ${what.role})`
        : "";
    return { ok: false, message: `orbtd did not ${what.verb}: ${reason}${hint}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, message: `orbtd at ${address.url} answered ${what.verb} with an unexpected body` };
  }
  return { ok: true, value: parsed.data };
}
