import { describeFetchFailure } from "../act/fetch-failure.js";
import { classifyConnectError, type ProbeResult } from "./probe-result.js";

export type HttpProbeOptions = {
  readonly url: string;
  readonly timeoutMs: number;
};

/** One HTTP health check: 2xx is healthy. Resolves with a result; never rejects. */
export async function probeHttp(options: HttpProbeOptions): Promise<ProbeResult> {
  const startedAtMs = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAtMs);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    // A redirect is reported, not followed: the probe checks exactly the configured endpoint.
    const response = await fetch(options.url, { signal, redirect: "manual" });
    const latencyMs = elapsedMs();
    // An unread body pins the pooled socket; the probe only needs the status.
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) {
      return { ok: true, latencyMs, status: response.status };
    }
    return { ok: false, latencyMs, symptom: "health_check_failures", detail: `HTTP ${response.status}` };
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
