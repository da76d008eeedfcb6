import { summarizeDrills } from "../drills/summarize-drills.js";
import { serviceMode } from "../engine/service-mode.js";
import { serviceStatus } from "../engine/service-status.js";
import type {
  DashboardFigures,
  DomainReport,
  ServiceCost,
  ServicePerformance,
  ServiceUptime,
} from "../protocol/domain-report.js";
import type { Incident } from "../protocol/engine-state.js";
import type { RemedyTool, ServiceMode, ServiceStatus } from "../protocol/names.js";
import { percentile } from "./percentile.js";
import type { CheckSample, ReportFacts, ServiceCommitments } from "./report-facts.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const NO_COMMITMENTS: ServiceCommitments = { uptimePercent: null, latencyP99Ms: null, costPerHourDown: null };

export const READINESS_NOT_ASSESSED =
  "readiness not assessed: no production readiness assessment could be made when the report was built";

type Span = { readonly from: number; readonly to: number };

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** How long the spans cover within the window, overlaps counted once. */
function coveredMs(spans: readonly Span[], window: Span): number {
  const clipped = spans
    .map((span) => ({ from: Math.max(span.from, window.from), to: Math.min(span.to, window.to) }))
    .filter((span) => span.to > span.from)
    .sort((a, b) => a.from - b.from);
  let total = 0;
  let reachedTo = Number.NEGATIVE_INFINITY;
  for (const span of clipped) {
    const from = Math.max(span.from, reachedTo);
    if (span.to > from) total += span.to - from;
    reachedTo = Math.max(reachedTo, span.to);
  }
  return total;
}

function incidentSpan(incident: Incident, now: number): Span {
  return { from: incident.openedAt, to: incident.resolvedAt ?? now };
}

function isWithin(at: number | null, window: Span): at is number {
  return at !== null && at >= window.from && at <= window.to;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function uptimeOf(
  service: string,
  incidents: readonly Incident[],
  checks: readonly CheckSample[],
  commitments: ServiceCommitments,
  window: Span,
  now: number,
): ServiceUptime {
  const own = incidents.filter((incident) => incident.service === service);
  const downtimeMs = coveredMs(
    own.map((incident) => incidentSpan(incident, now)),
    window,
  );
  const uptimePercent = round2(100 * (1 - downtimeMs / (window.to - window.from)));
  const ownChecks = checks.filter((check) => check.service === service);
  const passed = ownChecks.filter((check) => check.ok).length;
  const sla = commitments.uptimePercent;
  return {
    service,
    uptime_percent: uptimePercent,
    downtime_ms: downtimeMs,
    incidents: own.filter((incident) => incidentSpan(incident, now).to >= window.from).length,
    checks_run: ownChecks.length,
    checks_passed: passed,
    check_success_percent: ownChecks.length === 0 ? null : round2((100 * passed) / ownChecks.length),
    sla_uptime_percent: sla,
    meets_sla: sla === null ? null : uptimePercent >= sla,
  };
}

function performanceOf(
  service: string,
  checks: readonly CheckSample[],
  spanP99Ms: number | undefined,
  commitments: ServiceCommitments,
): ServicePerformance {
  const latencies = checks.filter((check) => check.service === service).map((check) => check.latencyMs);
  const checkP99 = percentile(latencies, 99);
  const measured = spanP99Ms ?? checkP99;
  const sla = commitments.latencyP99Ms;
  return {
    service,
    check_latency_p50_ms: percentile(latencies, 50),
    check_latency_p99_ms: checkP99,
    span_p99_ms: spanP99Ms ?? null,
    sla_latency_p99_ms: sla,
    meets_sla: sla === null || measured === null ? null : measured <= sla,
  };
}

function costOf(uptime: ServiceUptime, commitments: ServiceCommitments): ServiceCost {
  const rate = commitments.costPerHourDown;
  return {
    service: uptime.service,
    cost_per_hour_down: rate,
    downtime_ms: uptime.downtime_ms,
    downtime_cost: rate === null ? null : round2((rate * uptime.downtime_ms) / HOUR_MS),
  };
}

function countBy<K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const value of values) counts[value] += 1;
  return counts;
}

function specialistAssignments(
  incidents: readonly Incident[],
  window: Span,
): DomainReport["specialist_assignments"] {
  const byTool = new Map<RemedyTool, { actions: number; succeeded: number; services: Set<string> }>();
  for (const incident of incidents) {
    for (const action of incident.actions) {
      if (!isWithin(action.startedAt, window) || action.outcome === "would_run") continue;
      const entry = byTool.get(action.tool) ?? { actions: 0, succeeded: 0, services: new Set<string>() };
      entry.actions += 1;
      if (action.outcome === "succeeded") entry.succeeded += 1;
      entry.services.add(incident.service);
      byTool.set(action.tool, entry);
    }
  }
  return [...byTool.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([executor, entry]) => ({
      executor,
      actions: entry.actions,
      succeeded: entry.succeeded,
      services: [...entry.services].sort(),
    }));
}

function dashboardOf(
  incidents: readonly Incident[],
  lessonsAdded: number,
  uptimePercent: number,
  window: Span,
): DashboardFigures {
  const resolved = incidents.filter((incident) => isWithin(incident.resolvedAt, window));
  const remedied = resolved.filter((incident) => incident.resolution === "remedied");
  const autoResolved = remedied.filter((incident) => incident.strike <= 1).length;
  const alternativeFixes = remedied.length - autoResolved;
  const escalations = incidents.filter((incident) =>
    isWithin(incident.escalation?.at ?? null, window),
  ).length;
  const decided = remedied.length + escalations;
  const resolveTimes = resolved.map((incident) => (incident.resolvedAt ?? 0) - incident.openedAt);
  return {
    auto_resolved: autoResolved,
    alternative_fixes: alternativeFixes,
    human_escalations: escalations,
    documented_fixes: lessonsAdded,
    success_rate: decided === 0 ? null : remedied.length / decided,
    mean_time_to_resolve_ms:
      resolveTimes.length === 0
        ? null
        : Math.round(resolveTimes.reduce((sum, each) => sum + each, 0) / resolveTimes.length),
    pending_escalations: incidents.filter((incident) => incident.state === "escalated").length,
    uptime_percent: uptimePercent,
  };
}

function overallStatus(counts: Record<ServiceStatus, number>): ServiceStatus {
  if (counts.RED > 0) return "RED";
  return counts.YELLOW > 0 ? "YELLOW" : "GREEN";
}

/** Builds the platform domain report over the `windowMs` before `now` from the gathered facts. */
export function buildDomainReport(facts: ReportFacts, windowMs: number, now: number): DomainReport {
  const { state } = facts;
  const window: Span = { from: now - windowMs, to: now };
  const live = Object.values(state.incidents);
  const liveIds = new Set(live.map((incident) => incident.id));
  const incidents = [...live, ...facts.resolvedIncidents.filter((incident) => !liveIds.has(incident.id))];
  const services = Object.keys(state.services).sort();
  const commitmentsOf = (service: string) => facts.commitments[service] ?? NO_COMMITMENTS;

  const uptimes = services.map((service) =>
    uptimeOf(service, incidents, facts.checks, commitmentsOf(service), window, now),
  );
  const overallUptime =
    uptimes.length === 0
      ? 100
      : round2(uptimes.reduce((sum, each) => sum + each.uptime_percent, 0) / uptimes.length);
  const costs = uptimes.map((uptime) => costOf(uptime, commitmentsOf(uptime.service)));
  const pricedCosts = costs.flatMap((cost) => (cost.downtime_cost === null ? [] : [cost.downtime_cost]));

  const statuses = services.map((service) => ({
    service,
    mode: serviceMode(state, service),
    status: serviceStatus(state, service),
  }));
  const health = countBy<ServiceStatus>(
    ["GREEN", "YELLOW", "RED"],
    statuses.map((each) => each.status),
  );
  const modes = countBy<ServiceMode>(
    ["Operate", "Repair", "Build"],
    statuses.map((each) => each.mode),
  );

  const knowledge = Object.values(state.knowledge);
  const lessons = knowledge.flatMap((entry) =>
    entry.lessons
      .filter((lesson) => isWithin(lesson.at, window))
      .map((lesson) => ({
        pattern: entry.pattern,
        solution: entry.solution,
        by: lesson.by,
        note: lesson.note,
      })),
  );
  const escalated = live.filter((incident) => incident.state === "escalated");
  const tokens = facts.security.tokens.map((token) => ({ name: token.name, role: token.role }));

  return {
    id: facts.id,
    name: facts.name,
    domain: "platform",
    project: state.settings.project,
    environment: state.settings.environment,
    generated_at: iso(now),
    window: { from: iso(window.from), to: iso(window.to), duration_ms: windowMs },
    project_status: {
      status: overallStatus(health),
      services: services.length,
      live_incidents: live.length,
      escalated_incidents: escalated.length,
      summary: `${services.length} services: ${health.GREEN} green, ${health.YELLOW} in repair, ${health.RED} escalated; ${live.length} live incidents`,
    },
    uptime_metrics: { overall_percent: overallUptime, services: uptimes },
    performance_metrics: {
      services: services.map((service) =>
        performanceOf(service, facts.checks, facts.spanP99Ms[service], commitmentsOf(service)),
      ),
    },
    cost_tracking: {
      downtime_cost:
        pricedCosts.length === 0 ? null : round2(pricedCosts.reduce((sum, each) => sum + each, 0)),
      actions_run: incidents
        .flatMap((incident) => incident.actions)
        .filter((action) => isWithin(action.startedAt, window) && action.outcome !== "would_run").length,
      services: costs,
    },
    security_status: {
      bind_address: facts.security.bindAddress,
      is_loopback_only: isLoopback(facts.security.bindAddress),
      tokens,
      roles_set: [...new Set(tokens.map((token) => token.role))].sort(),
      certificates: Object.entries(facts.security.certificateExpiresAt)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([service, expiresAt]) => ({
          service,
          expires_at: iso(expiresAt),
          days_left: Math.floor((expiresAt - now) / DAY_MS),
        })),
    },
    infrastructure_health_metrics: health,
    orbt_status: { ...modes, services: statuses },
    blocking_issues: escalated.map((incident) => {
      const escalatedAt = incident.escalation?.at ?? incident.updatedAt;
      return {
        incident_id: incident.id,
        service: incident.service,
        symptom: incident.symptom,
        reason: incident.escalation?.reason ?? "strikes_exhausted",
        escalated_at: iso(escalatedAt),
        age_ms: Math.max(0, now - escalatedAt),
      };
    }),
    deliverables_completed: incidents.flatMap((incident) =>
      isWithin(incident.resolvedAt, window) && incident.resolution !== null
        ? [
            {
              incident_id: incident.id,
              service: incident.service,
              symptom: incident.symptom,
              resolution: incident.resolution,
              resolved_at: iso(incident.resolvedAt),
            },
          ]
        : [],
    ),
    handoff_readiness: facts.readiness?.score ?? null,
    handoff_readiness_note:
      facts.readiness === null
        ? READINESS_NOT_ASSESSED
        : `production readiness ${facts.readiness.score}/100: ${facts.readiness.areas.map((area) => `${area.area} ${area.score}`).join(", ")}`,
    institutional_knowledge_captured: {
      rows_learned: knowledge.filter(
        (entry) => entry.provenance === "learned" && isWithin(entry.lastAt, window),
      ).length,
      lessons_added: lessons.length,
      lessons,
    },
    specialist_assignments: specialistAssignments(incidents, window),
    dashboard: dashboardOf(incidents, lessons.length, overallUptime, window),
    quality_control: summarizeDrills(facts.drills, window.from, window.to),
  };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}
