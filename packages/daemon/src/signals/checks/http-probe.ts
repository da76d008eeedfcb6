import type { ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import { request as httpRequest } from "node:http";
import { describeFetchFailure } from "../../act/fetch-failure.js";
import { httpUrl } from "../../config/field-schemas.js";
import type { CheckKind } from "./check-kind.js";
import { classifyConnectError, type ProbeResult } from "./probe-result.js";

export type HttpProbeOptions = {
  readonly url: string;
  readonly timeoutMs: number;
};

/** `http: <url>`: a GET whose 2xx status is healthy. */
export const httpCheck: CheckKind<{ readonly kind: "http"; readonly url: string }> = {
  settings: httpUrl.transform((url) => ({ kind: "http" as const, url })),
  probe: probeHttp,
  slow: { pattern: "performance_issues", symptom: "high_response_times" },
};

type Request = (
  url: URL,
  options: RequestOptions,
  onResponse: (response: IncomingMessage) => void,
) => ClientRequest;

/**
 * One HTTP health check: 2xx is healthy. Resolves with a result; never rejects.
 *
 * node:http rather than fetch: a probe runs every few seconds for the daemon's whole life, and fetch's
 * per-request objects and streams kept an idle daemon's RSS about 3 MB higher (fault-to-fix bench).
 */
export async function probeHttp(options: HttpProbeOptions): Promise<ProbeResult> {
  const startedAtMs = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAtMs);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const url = new URL(options.url);
    // https (and the TLS stack behind it) loads only for a check that uses it.
    const request: Request = url.protocol === "https:" ? (await import("node:https")).request : httpRequest;
    const status = await requestStatus(request, url, signal);
    const latencyMs = elapsedMs();
    // A redirect is reported, not followed: the probe checks exactly the configured endpoint.
    if (status >= 200 && status < 300) return { ok: true, latencyMs, status };
    return { ok: false, latencyMs, symptom: "health_check_failures", detail: `HTTP ${status}`, status };
  } catch (err) {
    const latencyMs = elapsedMs();
    if (signal.aborted) {
      return {
        ok: false,
        latencyMs,
        symptom: "health_check_failures",
        detail: `timeout after ${options.timeoutMs}ms`,
      };
    }
    const failure = describeFetchFailure(err);
    return { ok: false, latencyMs, symptom: classifyConnectError(failure.code), detail: failure.message };
  }
}

/**
 * The response's status. Each probe has its own connection (`agent: false`), closed as soon as the status
 * is in: the probe never reads the body, which may be large or endless.
 */
function requestStatus(request: Request, url: URL, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: "GET", agent: false, signal, headers: { "user-agent": "orbtd" } },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    outgoing.on("error", reject);
    outgoing.end();
  });
}
