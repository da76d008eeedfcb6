import type { CheckSample, SliProbe } from "@orbt/core";

/** Probes kept per service: a day of a 10s check. */
const PROBES_KEPT_PER_SERVICE = 8_640;

/**
 * The one history of the checks' probes since the daemon started, per service, the newest
 * `PROBES_KEPT_PER_SERVICE`, and the end of the certificate each service's TLS checks were last shown.
 * The SLA watcher measures burn rates from it, reports their uptime and latency, readiness whether SLAs
 * were met.
 */
export class ProbeHistory {
  readonly #probes = new Map<string, SliProbe[]>();
  readonly #certificateExpiresAt = new Map<string, number>();

  record(service: string, probe: SliProbe, certificateExpiresAt?: number): void {
    const probes = this.#probes.get(service) ?? [];
    probes.push(probe);
    if (probes.length > PROBES_KEPT_PER_SERVICE) probes.splice(0, probes.length - PROBES_KEPT_PER_SERVICE);
    this.#probes.set(service, probes);
    if (certificateExpiresAt !== undefined) this.#certificateExpiresAt.set(service, certificateExpiresAt);
  }

  /** The probes of `service` at or after `since`, oldest first. */
  probesOf(service: string, since: number): SliProbe[] {
    return (this.#probes.get(service) ?? []).filter((probe) => probe.at >= since);
  }

  /** Every service's probes at or after `since`, as reports read them. */
  samplesSince(since: number): CheckSample[] {
    return [...this.#probes.keys()].flatMap((service) =>
      this.probesOf(service, since).map((probe) => ({
        service,
        at: probe.at,
        ok: probe.isUp,
        latencyMs: probe.latencyMs,
      })),
    );
  }

  certificateExpiries(): Record<string, number> {
    return Object.fromEntries(this.#certificateExpiresAt);
  }
}
