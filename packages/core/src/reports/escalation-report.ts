import { formatDurationMs } from "../duration/format-duration-ms.js";
import { allDependentsOf } from "../engine/dependents-of.js";
import { strikeTimeoutMs } from "../engine/strike-ladder.js";
import { findPattern } from "../patterns/pattern-catalog.js";
import type { EngineState, Incident, IncidentEscalation } from "../protocol/engine-state.js";
import type {
  AttemptedSolution,
  BusinessImpact,
  CostImplications,
  EscalationReport,
  InfrastructureAlternative,
  RecoveryTimeEstimate,
  SlaBudgetBurn,
  SpecialistRecommendation,
} from "../protocol/escalation-report.js";
import { knowledgeEvidence } from "./knowledge-evidence.js";
import { reportApprovals } from "./reported-approvals.js";
import { urgencyOf } from "./urgency-of.js";

/** The domain of the seed catalog, whose DPR ids begin `PLATFORM.`. */
const CATALOG_DOMAIN = "platform";

/** The period an SLA's error budget is counted over, for the share a burn spent. */
const SLA_PERIOD_MS = 30 * 24 * 3_600_000;

const OUTPUT_TAIL_IN_REPORT_CHARS = 500;

const SPECIALIST_RECOMMENDATIONS = 3;

function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/** Minutes to a tenth: a short strike budget left still shows. */
function toMinutes(ms: number): number {
  return roundTo(ms / 60_000, 1);
}

function minutesDown(incident: Incident, at: number): number {
  return Math.max(0, Math.round((at - incident.openedAt) / 60_000));
}

function slaBudgetBurned(state: EngineState, service: string): SlaBudgetBurn[] {
  const longWindowMs = state.settings.escalation.triggers.SLA_breach?.longWindowMs ?? null;
  return Object.values(state.slaBurns)
    .filter((burn) => burn.service === service)
    .map((burn) => ({
      objective: burn.objective,
      long_burn: roundTo(burn.longBurn, 2),
      short_burn: roundTo(burn.shortBurn, 2),
      budget_spent_percent:
        longWindowMs === null ? 0 : roundTo((burn.longBurn * longWindowMs * 100) / SLA_PERIOD_MS, 2),
    }));
}

function businessImpact(state: EngineState, incident: Incident, at: number): BusinessImpact {
  const criticality = state.services[incident.service]?.criticality ?? "medium";
  const minutes = minutesDown(incident, at);
  const dependents = allDependentsOf(state, incident.service);
  const burned = slaBudgetBurned(state, incident.service);
  const parts = [
    `${incident.service} (${criticality}, ${state.settings.environment}) has shown ${incident.symptom} for ${minutes} min`,
    dependents.length === 0
      ? "no service depends on it"
      : `${dependents.join(", ")} ${dependents.length === 1 ? "depends" : "depend"} on it`,
    ...burned.map(
      (burn) =>
        `${burn.objective} budget burning ${burn.long_burn.toFixed(1)}× (${burn.budget_spent_percent}% of 30 days spent)`,
    ),
  ];
  return {
    summary: `${parts.join("; ")}.`,
    criticality,
    minutes_down: minutes,
    dependents_affected: dependents,
    sla_budget_burned: burned,
  };
}

function attempted(incident: Incident): AttemptedSolution[] {
  return incident.actions.map((action) => ({
    dpr_id: action.dprId,
    solution: action.solution,
    strike: action.strike,
    outcome: action.outcome,
    verify: action.verify,
    exit_code: action.exitCode,
    duration_ms: action.durationMs,
    output_tail: action.outputTail?.slice(-OUTPUT_TAIL_IN_REPORT_CHARS) ?? null,
  }));
}

function isConfigured(state: EngineState, incident: Incident, solution: string): boolean {
  return state.settings.remedies.some(
    (plan) => plan.solution === solution && (plan.service === null || plan.service === incident.service),
  );
}

function untriedSolutions(state: EngineState, incident: Incident): { all: string[]; strike2: string[] } {
  const pattern = findPattern(state.settings.patterns, incident.pattern);
  const tried = new Set(incident.actions.map((action) => action.solution));
  const isUntried = (solution: string) => !tried.has(solution);
  return {
    all: [...(pattern?.strike1Solutions ?? []), ...(pattern?.strike2Alternatives ?? [])].filter(isUntried),
    strike2: (pattern?.strike2Alternatives ?? []).filter(isUntried),
  };
}

function platformOf(state: EngineState, incident: Incident): string {
  return state.services[incident.service]?.platform ?? "unknown";
}

function specialistRecommendations(
  state: EngineState,
  incident: Incident,
  untried: readonly string[],
): SpecialistRecommendation[] {
  return knowledgeEvidence(state, incident, untried)
    .slice(0, SPECIALIST_RECOMMENDATIONS)
    .map((evidence) => ({
      solution: evidence.solution,
      score: roundTo(evidence.score, 3),
      tries: evidence.tries,
      successes: evidence.successes,
      mean_recovery_ms: evidence.meanRecoveryMs,
      lessons: [...evidence.lessons],
      basis: evidence.basis,
      is_configured: isConfigured(state, incident, evidence.solution),
    }));
}

function infrastructureAlternatives(
  state: EngineState,
  incident: Incident,
  untriedStrike2: readonly string[],
): InfrastructureAlternative[] {
  return untriedStrike2.map((solution) => ({
    solution,
    remedies: state.settings.remedies
      .filter(
        (plan) => plan.solution === solution && (plan.service === null || plan.service === incident.service),
      )
      .map((plan) => ({ tool: plan.tool, service: plan.service, dry_run: plan.isDryRun })),
  }));
}

/**
 * The best known mean time to recover of a solution still to try; else, while the ladder runs, what is
 * left of its strike budgets; else nothing to go by.
 */
function recoveryTimeEstimate(
  state: EngineState,
  incident: Incident,
  untried: readonly string[],
  at: number,
): RecoveryTimeEstimate {
  const known = knowledgeEvidence(state, incident, untried).find(
    (evidence) => evidence.meanRecoveryMs !== null,
  );
  if (known?.meanRecoveryMs != null) {
    const p90 = known.p90RecoveryMs === null ? "" : `, p90 ${formatDurationMs(known.p90RecoveryMs)}`;
    return {
      minutes: toMinutes(known.meanRecoveryMs),
      basis: `mean time to recover with ${known.solution} over ${known.successes} recoveries (${known.basis}${p90})`,
    };
  }
  if (incident.state === "open" && incident.strikeStartedAt !== null) {
    const strikeEndsAt = incident.strikeStartedAt + strikeTimeoutMs(state, incident.strike);
    const laterStrikes = incident.strike === 1 ? state.settings.strike2TimeoutMs : 0;
    const leftMs = Math.max(0, strikeEndsAt - at) + laterStrikes;
    return {
      minutes: toMinutes(leftMs),
      basis: `no recovery of ${incident.pattern} recorded; the ladder's strike budgets left (strike ${incident.strike} of 2)`,
    };
  }
  return {
    minutes: null,
    basis: `no recovery of ${incident.pattern} on ${platformOf(state, incident)} recorded, and the ladder has ended`,
  };
}

function costImplications(
  state: EngineState,
  incident: Incident,
  estimate: RecoveryTimeEstimate,
  at: number,
): CostImplications {
  const perHour = state.services[incident.service]?.costPerHourDown ?? null;
  if (perHour === null) {
    return {
      cost_per_hour_down: null,
      cost_so_far: null,
      expected_cost: null,
      summary: `${incident.service} sets no cost_per_hour_down`,
    };
  }
  const soFar = Math.round((perHour * minutesDown(incident, at)) / 60);
  const expected = estimate.minutes === null ? null : Math.round((perHour * estimate.minutes) / 60);
  const ahead =
    expected === null
      ? "no recovery time to multiply it by"
      : `${expected} more over ${estimate.minutes} min expected`;
  return {
    cost_per_hour_down: perHour,
    cost_so_far: soFar,
    expected_cost: expected,
    summary: `${perHour}/h down: ${soFar} so far; ${ahead}`,
  };
}

function recommend(incident: Incident, reason: string, untried: readonly string[]): string[] {
  if (reason === "action_budget") {
    return [
      `Orbt's action budget was spent, so it did not act: investigate ${incident.service} directly: ${incident.symptom}.`,
      "Many incidents at once point at a shared cause: the network, a common dependency, a deploy.",
      "Raise automation.budget only if this many actions per window are expected.",
    ];
  }
  if (reason === "flapping") {
    return [
      `${incident.service}'s symptom keeps coming and going, so Orbt holds its remedies: look for what toggles it (a restart loop, a marginal threshold, an unstable dependency).`,
      `Investigate ${incident.service} directly: ${incident.symptom}.`,
    ];
  }
  if (incident.state === "open") {
    return [
      `${reason}: the ladder is still working on ${incident.service} (strike ${incident.strike}); watch it and be ready to take over.`,
      `Investigate ${incident.service} directly: ${incident.symptom}.`,
    ];
  }
  if (incident.actions.length === 0 && reason === "strikes_exhausted") {
    return [
      `Orbt's rails held every remedy back (see the incident's timeline): investigate ${incident.service} directly: ${incident.symptom}.`,
      "A remedy in cooldown or at max_runs keeps failing to fix the service for long: look for the cause it hides.",
    ];
  }
  const unanswered = incident.approvals.filter((approval) => approval.decision !== "approved");
  if (incident.actions.length === 0 && unanswered.length > 0) {
    const held = unanswered.map((approval) => `${approval.solution} (${approval.decision})`).join(", ");
    return [
      `No remedy ran: ${held} did not get an operator's approval. Approve the next one, or investigate ${incident.service} directly: ${incident.symptom}.`,
      "A remedy that is denied every time is better removed, or given approval: none once it is trusted.",
    ];
  }
  if (incident.actions.length === 0) {
    return [
      `Configure a remedy for pattern ${incident.pattern} (e.g. ${untried.slice(0, 3).join(", ")}) so Orbt can repair it next time.`,
      `Investigate ${incident.service} directly: ${incident.symptom}.`,
    ];
  }
  const tried = incident.actions.map((action) => action.solution).join(", ");
  return [
    `Inspect ${incident.service}: ${tried} did not clear ${incident.symptom}.`,
    "Check recent deploys and configuration changes of the service and its dependencies.",
    "Resolve the incident in Orbt once fixed so the outcome is recorded.",
  ];
}

/** The report a human gets for `escalation` of the incident: the ladder's own, or a trigger's page. */
export function buildEscalationReport(
  state: EngineState,
  incident: Incident,
  escalation: IncidentEscalation,
): EscalationReport {
  const { environment } = state.settings;
  const at = escalation.at;
  const criticality = state.services[incident.service]?.criticality ?? "medium";
  const urgency = urgencyOf(environment, criticality, escalation.reason);
  const untried = untriedSolutions(state, incident);
  const estimate = recoveryTimeEstimate(state, incident, untried.all, at);
  return {
    escalation_id: escalation.escalationId,
    incident_id: incident.id,
    project: state.settings.project,
    environment,
    domain: `${CATALOG_DOMAIN}/${platformOf(state, incident)}`,
    issue_type: `${incident.pattern}/${incident.symptom}`,
    service: incident.service,
    pattern: incident.pattern,
    symptom: incident.symptom,
    reason: escalation.reason,
    business_impact: businessImpact(state, incident, at),
    affected_services: [incident.service, ...allDependentsOf(state, incident.service)],
    attempted_solutions: attempted(incident),
    approvals: reportApprovals(incident),
    recommendations: recommend(incident, escalation.reason, untried.all),
    specialist_recommendations: specialistRecommendations(state, incident, untried.all),
    infrastructure_alternatives: infrastructureAlternatives(state, incident, untried.strike2),
    cost_implications: costImplications(state, incident, estimate, at),
    recovery_time_estimate: estimate,
    urgency_level: urgency.level,
    urgency_basis: urgency.basis,
    timeline: incident.timeline.map((entry) => ({
      at: new Date(entry.at).toISOString(),
      kind: entry.kind,
      message: entry.message,
      dpr_id: entry.dprId ?? null,
    })),
    opened_at: new Date(incident.openedAt).toISOString(),
    escalated_at: new Date(at).toISOString(),
  };
}
