import type { RunRemedy } from "@orbt/core";
import * as z from "zod";
import { durationMs, httpUrl } from "../config/field-schemas.js";
import { type CappedOutput, createCappedOutput, DEFAULT_OUTPUT_CAP_BYTES } from "./capped-output.js";
import type { ActionKey, Executor, OutcomeSummary } from "./executor.js";
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

const HttpSettings = z
  .strictObject({
    url: httpUrl.describe("Request URL."),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST").describe("Request method."),
    timeout: durationMs.optional().describe("How long the request may take; default the remedy's timeout."),
  })
  .describe("An HTTP request to send; a 2xx answer is success.");

type HttpAction = {
  readonly kind: "http";
  readonly url: string;
  readonly method: string;
  readonly timeoutMs: number;
};

export type HttpRun = Omit<HttpRemedyOptions, "signal">;

/** A request to a remedy endpoint, told the incident in a JSON body. */
export function planHttpRequest(
  request: Pick<HttpRun, "url" | "method" | "timeoutMs">,
  effect: RunRemedy,
): HttpRun {
  return {
    url: request.url,
    method: request.method,
    timeoutMs: request.timeoutMs,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      service: effect.service,
      incident_id: effect.incidentId,
      dpr_id: effect.dprId,
      solution: effect.solution,
      ...(effect.rollbackVersion === undefined ? {} : { rollback_version: effect.rollbackVersion }),
    }),
  };
}

/** What a run's outcome tells the journal beyond what every outcome has: no exit code, an HTTP status. */
export function summarizeHttpOutcome(outcome: Pick<HttpRemedyOutcome, "status">): OutcomeSummary {
  return { exitCode: null, ...(outcome.status === null ? {} : { statusLine: `HTTP ${outcome.status}` }) };
}

export const httpExecutor: Executor<HttpAction, HttpRun, HttpRemedyOutcome> = {
  record: (action) => ({ argv: [], target: { url: action.url, method: action.method } }),
  plan: (action, effect) => planHttpRequest(action, effect),
  run: (run, signal) => runHttpRemedy({ ...run, signal }),
  summarize: summarizeHttpOutcome,
};

/** `http: {url, method, timeout}`: a call to a remedy endpoint of the remedy's own. */
export const httpKey: ActionKey<HttpAction, z.output<typeof HttpSettings>> = {
  settings: HttpSettings,
  toAction: (settings, remedy) => ({
    kind: "http",
    url: settings.url,
    method: settings.method,
    // The request alone may use the remedy's whole budget unless told otherwise.
    timeoutMs: settings.timeout ?? remedy.timeoutMs,
  }),
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
