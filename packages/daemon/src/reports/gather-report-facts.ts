import {
  type Drill,
  type EngineState,
  evaluateInstant,
  type ReadinessAssessment,
  type ReportFacts,
  type SeriesStore,
  type ServiceCommitments,
} from "@orbt/core";
import type { OrbtConfig } from "../config/orbt-config.js";
import type { ProbeHistory } from "../signals/checks/probe-history.js";
import type { Store } from "../store/store.js";
import { storedIncident } from "../store/stored-incident.js";

/** Where a report's facts come from in a running daemon. */
export type ReportSources = {
  readonly config: Pick<OrbtConfig, "listen" | "services" | "tokens">;
  readonly state: () => EngineState;
  readonly store: Pick<Store, "listIncidentsResolvedSince">;
  readonly checks: Pick<ProbeHistory, "samplesSince" | "certificateExpiries">;
  readonly series: SeriesStore;
  readonly assessReadiness: () => Promise<ReadinessAssessment>;
  /** The drills started at or after `since`. */
  readonly listDrills: (since: number) => Promise<readonly Drill[]>;
};

/** Per job (the OTLP service.name), the p99 of span durations over the window, in ms. */
function spanP99Ms(series: SeriesStore, windowMs: number, now: number): Record<string, number> {
  const query = `histogram_quantile(0.99, sum by (job, le) (increase(orbt_span_duration_seconds_bucket[${Math.max(1, Math.round(windowMs / 1000))}s])))`;
  const result = evaluateInstant(query, now, series);
  if (!result.ok || result.value.value.resultType !== "vector") return {};
  return Object.fromEntries(
    result.value.value.result
      .filter((sample) => Number.isFinite(sample.value) && sample.metric.job !== undefined)
      .map((sample) => [sample.metric.job as string, Math.round(sample.value * 1000 * 100) / 100]),
  );
}

export async function gatherReportFacts(
  sources: ReportSources,
  report: { readonly id: string; readonly name: string; readonly windowMs: number },
  now: number,
): Promise<ReportFacts> {
  const { config } = sources;
  const since = now - report.windowMs;
  const resolved = await sources.store.listIncidentsResolvedSince(since);
  const commitments: Record<string, ServiceCommitments> = Object.fromEntries(
    config.services.map((service) => [
      service.name,
      {
        uptimePercent: service.sla?.availabilityPercent ?? null,
        latencyP99Ms: service.sla?.latencyP99Ms ?? null,
        costPerHourDown: service.costPerHourDown ?? null,
      },
    ]),
  );
  return {
    id: report.id,
    name: report.name,
    state: sources.state(),
    resolvedIncidents: resolved.map(storedIncident),
    checks: sources.checks.samplesSince(since),
    spanP99Ms: spanP99Ms(sources.series, report.windowMs, now),
    commitments,
    security: {
      bindAddress: config.listen.host,
      tokens: (config.tokens ?? []).map((token) => ({ name: token.name, role: token.role })),
      certificateExpiresAt: sources.checks.certificateExpiries(),
    },
    drills: await sources.listDrills(since),
    // A report goes out even when the assessment cannot be made; its note says so.
    readiness: await sources.assessReadiness().catch(() => null),
  };
}
