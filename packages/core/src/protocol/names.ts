import { z } from "zod";

export const ServiceName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, "expected 1-128 characters of A-Z a-z 0-9 . _ -");
export type ServiceName = z.infer<typeof ServiceName>;

export const IncidentId = z.string().min(1).max(64);
export type IncidentId = z.infer<typeof IncidentId>;

/** Who acknowledged or resolved an incident: the request's `by`, else the caller's token name. */
export const OperatorName = z.string().min(1).max(128);
export type OperatorName = z.infer<typeof OperatorName>;

/** What an operator wrote when acknowledging or resolving; kept on the incident's timeline. */
export const OperatorNoteText = z.string().max(4096);
export type OperatorNoteText = z.infer<typeof OperatorNoteText>;

export const Environment = z.enum(["dev", "staging", "prod"]);
export type Environment = z.infer<typeof Environment>;

export const Platform = z.enum(["exec", "systemd", "docker", "kubernetes", "unknown"]);
export type Platform = z.infer<typeof Platform>;

/** How much traffic a service takes: set in config, else measured from its request rate. */
export const ServiceScale = z.enum(["small", "medium", "large"]);
export type ServiceScale = z.infer<typeof ServiceScale>;

/** A knowledge row's scale: a service scale, or `any` for what holds whatever the scale (or it is unknown). */
export const KnowledgeScale = z.enum([...ServiceScale.options, "any"]);
export type KnowledgeScale = z.infer<typeof KnowledgeScale>;

/** A knowledge row's platform: a service platform, or `any` for what holds on every platform. */
export const KnowledgePlatform = z.enum([...Platform.options, "any"]);
export type KnowledgePlatform = z.infer<typeof KnowledgePlatform>;

/**
 * What carries out a remedy: `exec` and `http` as the remedy spells them out, the others as presets the
 * service's platform fields fill in. The name is the DPR id's TOOL segment (`deploy_hook` is `DEPLOY_HOOK`).
 */
export const RemedyTool = z.enum(["exec", "http", "systemd", "docker", "kubectl", "deploy_hook"]);
export type RemedyTool = z.infer<typeof RemedyTool>;

export const ServiceStatus = z.enum(["GREEN", "YELLOW", "RED"]);
export type ServiceStatus = z.infer<typeof ServiceStatus>;

/** The ORBT mode a service is in: `Build` while a deploy runs, `Repair` with a live incident, else `Operate`. */
export const ServiceMode = z.enum(["Operate", "Repair", "Build"]);
export type ServiceMode = z.infer<typeof ServiceMode>;

/** A deployed version as the deploy tool names it: a tag, a commit, a build number. */
export const DeployVersion = z.string().min(1).max(128);
export type DeployVersion = z.infer<typeof DeployVersion>;

/** What a deploy report says: a deploy began, or ended one way or the other. */
export const DeployStatus = z.enum(["started", "succeeded", "failed"]);
export type DeployStatus = z.infer<typeof DeployStatus>;

/** What a failing health report says of its cause: `config_error` makes it an environment misconfiguration. */
export const HealthKind = z.enum(["config_error"]);
export type HealthKind = z.infer<typeof HealthKind>;

/**
 * The escalation triggers: conditions that page a human whatever the strike, while the ladder goes on. Each
 * is also the reason of the escalation it makes.
 */
export const EscalationTrigger = z.enum([
  "SLA_breach",
  "extended_downtime",
  "repeated_deployment_failures",
  "cascading_system_failure",
  "business_critical_service_failure",
  "critical_production_outage",
]);
export type EscalationTrigger = z.infer<typeof EscalationTrigger>;

/**
 * Why a human was called: the ladder ended (`strikes_exhausted`, `no_remedy`, or `action_budget`: the
 * global action budget was spent, so Orbt escalated instead of acting), the service's symptom came and
 * went too often to act on (`flapping`), or a trigger fired.
 */
export const EscalationReason = z.enum([
  "strikes_exhausted",
  "no_remedy",
  "action_budget",
  "flapping",
  ...EscalationTrigger.options,
]);
export type EscalationReason = z.infer<typeof EscalationReason>;

/** How much a service matters to the business: `critical` pages at once when it fails. */
export const Criticality = z.enum(["critical", "high", "medium", "low"]);
export type Criticality = z.infer<typeof Criticality>;

/** What a service's SLA promises: `availability` (the share of good probes) and `latency_p99`. */
export const SlaObjective = z.enum(["availability", "latency_p99"]);
export type SlaObjective = z.infer<typeof SlaObjective>;

/** `live` acts; `dry_run` runs the ladder and the rails as usual but records each action as `would_run`. */
export const AutomationMode = z.enum(["live", "dry_run"]);
export type AutomationMode = z.infer<typeof AutomationMode>;

/** Why an incident waits without acting; the strike budget keeps running while it does. */
export const HoldReason = z.enum(["paused", "flapping", "silenced", "maintenance"]);
export type HoldReason = z.infer<typeof HoldReason>;

/** An operator's answer to a remedy awaiting approval; `timed_out`: no answer in time, counted as denied. */
export const ApprovalDecision = z.enum(["approved", "denied", "timed_out"]);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;
