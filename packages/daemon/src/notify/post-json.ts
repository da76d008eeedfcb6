import { describeFetchFailure } from "../act/fetch-failure.js";
import type { DeliveryOutcome } from "./delivery-outcome.js";

export type PostJsonOptions = {
  readonly timeoutMs: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborts the request from outside, as when the daemon stops. */
  readonly signal?: AbortSignal;
};

// 408 and 429 are the receiver asking us to come back later, so they retry like a 5xx.
const RETRYABLE_CLIENT_STATUSES = new Set([408, 429]);

/** The webhook transport: one POST, its outcome as a value. Never rejects. */
export async function postJson(
  url: string,
  body: unknown,
  options: PostJsonOptions,
): Promise<DeliveryOutcome> {
  let json: string;
  try {
    json = JSON.stringify(body);
  } catch (err) {
    return { kind: "failure", error: { code: "encoding", message: String(err) } };
  }
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...options.headers, "content-type": "application/json" },
      body: json,
      signal,
      // Following a redirect would turn the POST into a GET somewhere else; report it instead.
      redirect: "manual",
    });
    await response.body?.cancel();
    if (response.ok) return { kind: "success" };
    const error = { code: "http_status", message: `HTTP ${response.status}` } as const;
    const isRetryable = response.status >= 500 || RETRYABLE_CLIENT_STATUSES.has(response.status);
    return { kind: isRetryable ? "retryable" : "failure", error };
  } catch (err) {
    if (options.signal?.aborted) {
      return { kind: "retryable", error: { code: "network", message: "aborted before an answer" } };
    }
    if (timeout.aborted) {
      return {
        kind: "retryable",
        error: { code: "timeout", message: `timeout after ${options.timeoutMs}ms` },
      };
    }
    const failure = describeFetchFailure(err);
    // A URL fetch cannot even parse will not parse on the next try either.
    const kind = failure.code === "ERR_INVALID_URL" ? "failure" : "retryable";
    return { kind, error: { code: "network", message: failure.message } };
  }
}
