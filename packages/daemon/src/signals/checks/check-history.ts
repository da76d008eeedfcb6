import type { CheckSample } from "@orbt/core";
import type { ProbeResult } from "./probe-result.js";

/** Probes kept per service: a day of a 10s check. */
const SAMPLES_KEPT_PER_SERVICE = 8_640;

/**
 * The probes of the checks since the daemon started, per service, the newest `SAMPLES_KEPT_PER_SERVICE`,
 * and the end of the certificate each service's TLS checks were last shown: what reports measure from.
 */
export class CheckHistory {
  readonly #samples = new Map<string, CheckSample[]>();
  readonly #certificateExpiresAt = new Map<string, number>();

  record(service: string, at: number, result: ProbeResult): void {
    const samples = this.#samples.get(service) ?? [];
    samples.push({ service, at, ok: result.ok, latencyMs: result.latencyMs });
    if (samples.length > SAMPLES_KEPT_PER_SERVICE)
      samples.splice(0, samples.length - SAMPLES_KEPT_PER_SERVICE);
    this.#samples.set(service, samples);
    if (result.certificateExpiresAt !== undefined) {
      this.#certificateExpiresAt.set(service, result.certificateExpiresAt);
    }
  }

  samplesSince(since: number): CheckSample[] {
    return [...this.#samples.values()].flatMap((samples) => samples.filter((sample) => sample.at >= since));
  }

  certificateExpiries(): Record<string, number> {
    return Object.fromEntries(this.#certificateExpiresAt);
  }
}
