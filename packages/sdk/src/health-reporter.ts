import type { HealthReport } from "@orbt/core";
import type { OrbtApiError } from "./orbt-api-error.js";
import { createOrbtClient } from "./orbt-client.js";

export type HealthCheckResult = { readonly status: HealthReport["status"]; readonly detail?: string };

export type HealthReporterOptions = {
  readonly baseUrl: string;
  readonly token?: string;
  readonly service: string;
  readonly intervalMs: number;
  /** A check that throws or rejects is reported as `failing` with its message as the detail. */
  readonly check: () => Promise<HealthCheckResult> | HealthCheckResult;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Told about each report the daemon did not accept; the reporter keeps going regardless. */
  readonly onError?: (error: OrbtApiError) => void;
};

export type HealthReporter = { stop(): void };

/**
 * Reports the host's health now and then every `intervalMs` after the previous report finished.
 * Never throws into its host and never keeps the process alive on its own.
 */
export function startHealthReporter(options: HealthReporterOptions): HealthReporter {
  const client = createOrbtClient({
    baseUrl: options.baseUrl,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  let isStopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function runCheck(): Promise<HealthCheckResult> {
    try {
      return await options.check();
    } catch (cause) {
      return { status: "failing", detail: cause instanceof Error ? cause.message : String(cause) };
    }
  }

  async function report(): Promise<void> {
    const result = await runCheck();
    if (isStopped) return;
    const sent = await client.reportHealth({
      service: options.service,
      status: result.status,
      ...(result.detail === undefined ? {} : { detail: result.detail.slice(0, 2000) }),
    });
    if (!sent.ok && !isStopped) {
      try {
        options.onError?.(sent.error);
      } catch {
        // The host's own error hook failing must not stop the reporting.
      }
    }
  }

  function loop(): void {
    report()
      .catch(() => undefined)
      .finally(() => {
        if (isStopped) return;
        timer = setTimeout(loop, options.intervalMs);
        timer.unref();
      });
  }

  loop();
  return {
    stop() {
      isStopped = true;
      clearTimeout(timer);
    },
  };
}
