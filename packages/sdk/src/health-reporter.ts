import type { HealthReport } from "@orbt/core";
import type { OrbtApiError } from "./orbt-api-error.js";
import { type ApiResult, createOrbtClient, type OrbtClient } from "./orbt-client.js";

export type HealthCheckResult = {
  readonly status: HealthReport["status"];
  readonly detail?: string;
  /** `config_error` on a failing result: the host cannot run with its configuration. */
  readonly kind?: HealthReport["kind"];
};

/** How a reporter reaches the daemon, and what it tells the host of the reports it refused. */
type ReporterConnection = {
  readonly baseUrl: string;
  readonly token?: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Told about each report the daemon did not accept; the reporter keeps going regardless. */
  readonly onError?: (error: OrbtApiError) => void;
};

export type HealthReporterOptions = ReporterConnection & {
  readonly service: string;
  readonly intervalMs: number;
  /** A check that throws or rejects is reported as `failing` with its message as the detail. */
  readonly check: () => Promise<HealthCheckResult> | HealthCheckResult;
};

export type HeartbeatOptions = ReporterConnection & {
  /** A service with `heartbeat:` in the daemon's config. */
  readonly service: string;
  /** The config's `heartbeat.every`, or shorter. */
  readonly everyMs: number;
};

export type HealthReporter = { stop(): void };

/**
 * Sends what `send` makes now and then every `intervalMs` after the previous send finished. Never throws
 * into its host and never keeps the process alive on its own.
 */
function startReporting(
  options: ReporterConnection,
  intervalMs: number,
  send: (client: OrbtClient, isStopped: () => boolean) => Promise<ApiResult<void> | undefined>,
): HealthReporter {
  const client = createOrbtClient({
    baseUrl: options.baseUrl,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  let isStopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function report(): Promise<void> {
    const sent = await send(client, () => isStopped);
    if (sent === undefined || sent.ok || isStopped) return;
    try {
      options.onError?.(sent.error);
    } catch {
      // The host's own error hook failing must not stop the reporting.
    }
  }

  function loop(): void {
    report()
      .catch(() => undefined)
      .finally(() => {
        if (isStopped) return;
        timer = setTimeout(loop, intervalMs);
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

/** Reports the host's health now and then every `intervalMs` after the previous report finished. */
export function startHealthReporter(options: HealthReporterOptions): HealthReporter {
  async function runCheck(): Promise<HealthCheckResult> {
    try {
      return await options.check();
    } catch (cause) {
      return { status: "failing", detail: cause instanceof Error ? cause.message : String(cause) };
    }
  }

  return startReporting(options, options.intervalMs, async (client, isStopped) => {
    const result = await runCheck();
    if (isStopped()) return undefined;
    return client.reportHealth({
      service: options.service,
      status: result.status,
      ...(result.detail === undefined ? {} : { detail: result.detail.slice(0, 2000) }),
      ...(result.kind === undefined ? {} : { kind: result.kind }),
    });
  });
}

/**
 * Beats for the host now and then every `everyMs`: the daemon raises `health_check_failures` when
 * `heartbeat.missed` beats in a row do not come. Never throws into its host, never keeps it alive.
 */
export function startHeartbeat(options: HeartbeatOptions): HealthReporter {
  return startReporting(options, options.everyMs, (client) => client.sendHeartbeat(options.service));
}
