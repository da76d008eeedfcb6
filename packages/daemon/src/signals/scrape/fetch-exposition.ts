import { err, ok, type Result } from "@orbt/core";
import { describeFetchFailure } from "../../act/fetch-failure.js";
import type { ExpositionConnection, ExpositionResponse } from "./exposition-connection.js";
import type { ExpositionFormat } from "./scan-exposition.js";
import type { ScrapeError } from "./scrape-error.js";

/** What Prometheus sends without protobuf: OpenMetrics preferred, the 0.0.4 text format next, anything last. */
export const SCRAPE_ACCEPT_HEADER =
  "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4," +
  "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

export type FetchExpositionOptions = {
  readonly url: string;
  readonly timeoutMs: number;
  /** Decompressed bytes; 0 is no limit. */
  readonly bodySizeLimitBytes: number;
  /** Aborts the request when the runner stops. */
  readonly signal?: AbortSignal;
  /** The target's own connection, which plain `http:` URLs go through instead of `fetch`. */
  readonly connection?: ExpositionConnection;
};

/** A response whose headers came; `read` reads its body. */
export type ExpositionBody = {
  readonly format: ExpositionFormat;
  /**
   * Reads the whole body, handing each chunk to `onChunk` as it comes (valid during the call only):
   * a chunk not kept dies young, where a held body of 10 MB would outlive collections and stay resident
   * in the allocator. The timeout bounds the transfer together with the work on each chunk. Fetch has
   * undone gzip, so `bodySizeLimitBytes` counts decompressed bytes, like Prometheus.
   */
  readonly read: (onChunk: (chunk: Uint8Array) => void) => Promise<Result<void, ScrapeError>>;
};

// A pooled keep-alive socket the exporter closed while idle fails at once; a fresh one usually works.
const RETRIED_ON_FRESH_SOCKET = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

/**
 * GETs an exposition up to its headers; never rejects, nor does `read`. A plain `http:` URL goes through
 * the target's connection when given one; a redirect it answers is followed by `fetch`, asking again.
 */
export async function fetchExposition(
  options: FetchExpositionOptions,
): Promise<Result<ExpositionBody, ScrapeError>> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  const url = URL.canParse(options.url) ? new URL(options.url) : undefined;
  if (
    options.connection !== undefined &&
    url?.protocol === "http:" &&
    url.username === "" &&
    url.password === ""
  ) {
    const got = await getOverConnection(options.connection, url, options, timeout, signal);
    if (got !== "redirect") return got;
  }
  const first = await fetchOnce(options, timeout, signal);
  if (first.ok || !first.isRetryable) return first;
  return fetchOnce(options, timeout, signal);
}

async function fetchOnce(
  options: FetchExpositionOptions,
  timeout: AbortSignal,
  signal: AbortSignal,
): Promise<Result<ExpositionBody, ScrapeError> & { readonly isRetryable?: boolean }> {
  try {
    const response = await fetch(options.url, {
      signal,
      headers: requestHeaders(options),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return err({ code: "http_status", message: `server returned HTTP status ${response.status}` });
    }
    const limitBytes = options.bodySizeLimitBytes;
    const declaredBytes = Number(response.headers.get("content-length") ?? Number.NaN);
    const isIdentity = (response.headers.get("content-encoding") ?? "identity") === "identity";
    if (limitBytes > 0 && isIdentity && declaredBytes > limitBytes) {
      await response.body?.cancel();
      return tooLarge(limitBytes);
    }
    const format = formatOf(response.headers.get("content-type"));
    return ok({ format, read: (onChunk) => readBody(response, options, timeout, onChunk) });
  } catch (cause) {
    const error = describeError(cause, options, timeout);
    const isRetryable =
      error.code === "fetch_failed" && RETRIED_ON_FRESH_SOCKET.has(describeFetchFailure(cause).code);
    return { ...err(error), isRetryable };
  }
}

function requestHeaders(options: FetchExpositionOptions): Record<string, string> {
  return {
    accept: SCRAPE_ACCEPT_HEADER,
    "accept-encoding": "gzip",
    "user-agent": "orbtd",
    "x-prometheus-scrape-timeout-seconds": String(options.timeoutMs / 1000),
  };
}

async function getOverConnection(
  connection: ExpositionConnection,
  url: URL,
  options: FetchExpositionOptions,
  timeout: AbortSignal,
  signal: AbortSignal,
): Promise<Result<ExpositionBody, ScrapeError> | "redirect"> {
  let response: ExpositionResponse;
  try {
    response = await connection.get({ url, headers: requestHeaders(options), signal });
  } catch (cause) {
    return err(describeError(cause, options, timeout));
  }
  const { status, headers } = response;
  if (status >= 300 && status < 400) {
    response.cancel();
    return "redirect";
  }
  if (status !== 200) {
    response.cancel();
    return err({ code: "http_status", message: `server returned HTTP status ${status}` });
  }
  const limitBytes = options.bodySizeLimitBytes;
  const encoding = (headers.get("content-encoding") ?? "identity").toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    response.cancel();
    return err({ code: "fetch_failed", message: `unsupported content-encoding ${JSON.stringify(encoding)}` });
  }
  if (limitBytes > 0 && encoding === "identity" && Number(headers.get("content-length")) > limitBytes) {
    response.cancel();
    return tooLarge(limitBytes);
  }
  const format = formatOf(headers.get("content-type"));
  const read = async (onChunk: (chunk: Uint8Array) => void): Promise<Result<void, ScrapeError>> => {
    let totalBytes = 0;
    try {
      await response.read((chunk) => {
        totalBytes += chunk.byteLength;
        if (limitBytes > 0 && totalBytes > limitBytes) return false;
        onChunk(chunk);
        return true;
      });
    } catch (cause) {
      return err(describeError(cause, options, timeout));
    }
    return limitBytes > 0 && totalBytes > limitBytes ? tooLarge(limitBytes) : ok(undefined);
  };
  return ok({ format, read });
}

function formatOf(contentType: string | null | undefined): ExpositionFormat {
  return /^\s*application\/openmetrics-text/i.test(contentType ?? "") ? "openmetrics" : "text";
}

async function readBody(
  response: Response,
  options: FetchExpositionOptions,
  timeout: AbortSignal,
  onChunk: (chunk: Uint8Array) => void,
): Promise<Result<void, ScrapeError>> {
  if (response.body === null) return ok(undefined);
  const limitBytes = options.bodySizeLimitBytes;
  const reader = response.body.getReader();
  let totalBytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return ok(undefined);
      totalBytes += value.byteLength;
      if (limitBytes > 0 && totalBytes > limitBytes) {
        await reader.cancel();
        return tooLarge(limitBytes);
      }
      onChunk(value);
    }
  } catch (cause) {
    return err(describeError(cause, options, timeout));
  }
}

function describeError(cause: unknown, options: FetchExpositionOptions, timeout: AbortSignal): ScrapeError {
  if (timeout.aborted) return { code: "timeout", message: `scrape timed out after ${options.timeoutMs}ms` };
  if (options.signal?.aborted === true) return { code: "aborted", message: "scrape aborted" };
  return { code: "fetch_failed", message: describeFetchFailure(cause).message };
}

function tooLarge(limitBytes: number): Result<never, ScrapeError> {
  return err({ code: "body_size_limit", message: `body exceeds body_size_limit of ${limitBytes} bytes` });
}
