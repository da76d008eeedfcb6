import { type CappedOutput, createCappedOutput, DEFAULT_OUTPUT_CAP_BYTES } from "./capped-output.js";
import type { Executor } from "./executor.js";
import { describeFetchFailure } from "./fetch-failure.js";

export type HttpRemedyOptions = {
  readonly url: string;
  readonly method: string;
  /** Covers the whole exchange: connecting, headers and reading the capped body. */
  readonly timeoutMs: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly outputCapBytes?: number;
  readonly signal?: AbortSignal;
};

export type HttpRemedyErrorCode = "aborted" | "timeout" | "request_failed";
export type HttpRemedyError = { readonly code: HttpRemedyErrorCode; readonly message: string };

export type HttpRemedyOutcome = {
  readonly kind: "http";
  /** true only for a 2xx status. */
  readonly ok: boolean;
  /** null: no response arrived. */
  readonly status: number | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly output: string;
  readonly isOutputTruncated: boolean;
  readonly error?: HttpRemedyError;
};

export type HttpRemedy = { readonly kind: "http" } & Omit<HttpRemedyOptions, "signal">;

export const httpExecutor: Executor<HttpRemedy> = {
  kind: "http",
  run: (remedy, signal) => runHttpRemedy({ ...remedy, signal }),
};

/** Calls a remedy endpoint (e.g. a service's own restart hook). Resolves with an outcome; never rejects. */
export async function runHttpRemedy(options: HttpRemedyOptions): Promise<HttpRemedyOutcome> {
  const startedAtMs = performance.now();
  const output = createCappedOutput(options.outputCapBytes ?? DEFAULT_OUTPUT_CAP_BYTES);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();

  let status: number | null = null;
  let error: HttpRemedyError | undefined;
  try {
    const response = await fetch(options.url, {
      method: options.method,
      body: options.body,
      headers: options.headers,
      signal: controller.signal,
    });
    status = response.status;
    await readCappedBody(response, output);
  } catch (err) {
    error = timedOut
      ? { code: "timeout", message: `timeout after ${options.timeoutMs}ms` }
      : options.signal?.aborted
        ? { code: "aborted", message: "aborted" }
        : { code: "request_failed", message: describeFetchFailure(err).message };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
  return {
    kind: "http",
    ok: error === undefined && status !== null && status >= 200 && status < 300,
    status,
    timedOut,
    durationMs: Math.round(performance.now() - startedAtMs),
    output: output.text(),
    isOutputTruncated: output.isTruncated,
    error,
  };
}

async function readCappedBody(response: Response, output: CappedOutput) {
  if (response.body === null) return;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    output.append(value);
    // Past the cap the rest is noise; cancelling releases the socket instead of downloading it.
    if (output.isTruncated) return reader.cancel();
  }
}
