import {
  DEFAULT_AUTOMATION,
  DEFAULT_DEPLOYS,
  DEFAULT_TRIGGERS,
  formatDurationMs,
  parsePromql,
  ServiceScale,
} from "@orbt/core";
import * as z from "zod";
import { ACTION_KEY_NAMES, ACTION_KEYS, toRemedyAction } from "../act/executors.js";
import { carriesReports, RECEIVER_KIND_NAMES } from "../notify/receiver-kinds.js";
import { ROLES } from "../serve/auth/index.js";
import { CHECK_KIND_NAMES, CHECK_KINDS } from "../signals/checks/check-kinds.js";
import { DEFAULT_DECODE_THREADS } from "../signals/ingest/create-ingest-decoder.js";
import { DEFAULT_INGEST_LIMITS } from "../signals/ingest/ingest-limits.js";
import { compileLogPattern } from "../signals/otlp/log-pattern.js";
import { DefaultRules } from "../signals/rules/default-rules.js";
import { parseByteSize } from "../signals/scrape/parse-byte-size.js";
import { parsePostgresUrl } from "../store/postgres-url.js";
import { Backup } from "./backup-config.js";
import { Checkpoints } from "./checkpoint-config.js";
import { describeInput } from "./describe-input.js";
import { checkDrillReferences, Drills, Fault } from "./drill-config.js";
import {
  cronExpression,
  durationMs,
  durationOrZeroMs,
  expecting,
  hostPort,
  httpUrl,
  name,
  parsedText,
  positiveInteger,
} from "./field-schemas.js";
import { Fleet, Host, resolveHost, Upstream } from "./fleet-config.js";
import { Ha } from "./ha-config.js";
import { kindKeys, pickAtMostOneKind, pickKind } from "./kind-keys.js";
import { Notify, withEscalationWebhook } from "./notify-config.js";
import { checkCatalogReferences, OwnPatterns } from "./pattern-config.js";
import { DeployHookConfig, listMisplacedPlatformKeys, PLATFORM_KEYS, toWorkload } from "./platform-keys.js";
import { ReportSchedule } from "./report-config.js";
import { resolveRemedyPresets } from "./resolve-remedy-presets.js";

const CHECK_TIMEOUT_DEFAULT_MS = 5_000;

/** Requests per second: under 5 a service is small, under 50 medium, else large. */
export const DEFAULT_SCALE_BANDS = { mediumFrom: 5, largeFrom: 50 } as const;
const LATENCY_THRESHOLD_DEFAULT_MS = 1_000;

const Check = z
  .strictObject({
    ...kindKeys(CHECK_KINDS),
    interval: durationMs.prefault("10s").describe("Time between probes."),
    timeout: durationMs
      .optional()
      .describe("How long one probe may take; at most interval, default 5s or the interval."),
    fail_after: positiveInteger
      .default(2)
      .describe("Consecutive failed (or slow) probes before the check raises a symptom."),
    latency_threshold: durationOrZeroMs
      .optional()
      .describe(
        "An answer slower than this is high_response_times (DNS_problems for dns); 0 turns it off. Below timeout.",
      ),
    via: z
      .enum(["load_balancer"], expecting("load_balancer"))
      .optional()
      .describe(
        "http checks only: the URL goes through a load balancer, so a 5xx answer is load_balancer_issues.",
      ),
  })
  .transform((raw, ctx) => {
    const kind = pickKind(CHECK_KIND_NAMES, raw, ctx);
    if (kind === undefined) return z.NEVER;
    const problem = (path: string, input: unknown, message: string) => {
      ctx.issues.push({ code: "custom", input, path: [path], message });
      return z.NEVER;
    };
    if (raw.timeout !== undefined && raw.timeout > raw.interval) {
      return problem(
        "timeout",
        raw.timeout,
        `expected at most the interval ${formatDurationMs(raw.interval)}, got ${formatDurationMs(raw.timeout)}`,
      );
    }
    // A short interval caps the default timeout, so `interval: 1s` alone stays valid.
    const timeoutMs = raw.timeout ?? Math.min(CHECK_TIMEOUT_DEFAULT_MS, raw.interval);
    if (raw.latency_threshold !== undefined && raw.latency_threshold >= timeoutMs) {
      return problem(
        "latency_threshold",
        raw.latency_threshold,
        `expected below the timeout ${formatDurationMs(timeoutMs)} (0 turns it off), got ${formatDurationMs(raw.latency_threshold)}`,
      );
    }
    if (raw.via !== undefined && kind !== "http") {
      return problem("via", raw.via, `expected only on an http check, not a ${kind} check`);
    }
    const hasLatency = CHECK_KINDS[kind].slow !== null;
    if (raw.latency_threshold !== undefined && !hasLatency) {
      const timed = CHECK_KIND_NAMES.filter((each) => CHECK_KINDS[each].slow !== null).join(", ");
      return problem(
        "latency_threshold",
        raw.latency_threshold,
        `expected only on a check with a latency (${timed}), not a ${kind} check`,
      );
    }
    const latencyThresholdMs = hasLatency ? (raw.latency_threshold ?? LATENCY_THRESHOLD_DEFAULT_MS) : 0;
    const probe = {
      intervalMs: raw.interval,
      timeoutMs,
      failAfter: raw.fail_after,
      // Off when 0, and when no answer could come slower without failing the probe.
      latencyThresholdMs:
        latencyThresholdMs === 0 || latencyThresholdMs >= timeoutMs ? null : latencyThresholdMs,
      via: raw.via,
    };
    return { ...raw[kind]!, ...probe };
  });

/** `heartbeat:` of a service: it posts a beat every `every`; `missed` beats in a row fail it. */
const Heartbeat = z
  .strictObject(
    {
      every: durationMs.describe("How often the service beats (POST /api/v1/heartbeat)."),
      missed: positiveInteger
        .default(3)
        .describe("Beats missed in a row before health_check_failures is raised."),
    },
    expecting("a mapping with every"),
  )
  .transform((raw) => ({ everyMs: raw.every, missed: raw.missed }));

const SCRAPE_TIMEOUT_DEFAULT_MS = 10_000;

const LABEL_NAME_EXPECTED = "a label name of A-Z a-z 0-9 _ not starting with __ or a digit";
const labelName = z.string().regex(/^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/);

const byteSize = z.union(
  [z.int().min(0), parsedText("a size like 10MB", parseByteSize)],
  expecting("a size like 10MB (0: no limit)"),
);

const nonNegativeInteger = z.int(expecting("an integer >= 0")).min(0, expecting("an integer >= 0"));

/** One Prometheus-style scrape target; `0` limits mean no limit, as in Prometheus. */
const ScrapeTarget = z
  .strictObject({
    url: httpUrl.describe("The metrics endpoint."),
    // Prometheus's global default is 1m; Orbt watches closer, like the checks above.
    interval: durationMs.prefault("15s").describe("Time between scrapes."),
    timeout: durationMs
      .optional()
      .describe("How long one scrape may take; at most interval, default 10s or the interval."),
    labels: z
      .record(labelName, z.string(expecting("a string label value")), {
        error: (issue) =>
          issue.code === "invalid_key"
            ? `expected ${LABEL_NAME_EXPECTED}, got ${describeInput(issue.input)}`
            : undefined,
      })
      .default({})
      .describe("Labels added to every series of the target."),
    honor_labels: z
      .boolean(expecting("true or false"))
      .default(false)
      .describe(
        "On a clash with a target label, true keeps the scraped value; false keeps it as `exported_<name>`.",
      ),
    sample_limit: nonNegativeInteger
      .default(0)
      .describe("More samples than this fail the scrape; 0 is no limit."),
    body_size_limit: byteSize.default(0).describe("A larger body fails the scrape; 0 is no limit."),
  })
  .transform((raw, ctx) => {
    if (raw.timeout !== undefined && raw.timeout > raw.interval) {
      ctx.issues.push({
        code: "custom",
        input: raw.timeout,
        path: ["timeout"],
        message: `expected at most the interval ${formatDurationMs(raw.interval)}, got ${formatDurationMs(raw.timeout)}`,
      });
      return z.NEVER;
    }
    return {
      url: raw.url,
      intervalMs: raw.interval,
      timeoutMs: raw.timeout ?? Math.min(SCRAPE_TIMEOUT_DEFAULT_MS, raw.interval),
      labels: raw.labels,
      honorLabels: raw.honor_labels,
      sampleLimit: raw.sample_limit,
      bodySizeLimitBytes: raw.body_size_limit,
    };
  });

/** A PromQL expression, parsed here so a typo is a config error and not a failed measurement every minute. */
const promqlExpression = z.string(expecting("a PromQL expression")).superRefine((text, ctx) => {
  const parsed = parsePromql(text);
  if (!parsed.ok)
    ctx.addIssue({ code: "custom", input: text, message: `not PromQL: ${parsed.error.message}` });
});
/** `sla:` of a service: what the `SLA_breach` trigger holds its checks to. */
const Sla = z
  .strictObject(
    {
      availability: z
        .number(expecting("a percentage like 99.9"))
        .gt(0, expecting("a percentage above 0 and below 100, like 99.9"))
        .lt(100, expecting("a percentage above 0 and below 100, like 99.9"))
        .optional()
        .describe("Percentage of probes that must succeed, e.g. 99.9."),
      latency_p99: durationMs.optional().describe("99% of the probes that answer must answer within it."),
    },
    expecting("a mapping with availability, latency_p99 or both"),
  )
  .transform((raw, ctx) => {
    if (raw.availability === undefined && raw.latency_p99 === undefined) {
      ctx.issues.push({ code: "custom", input: raw, message: "expected availability, latency_p99 or both" });
      return z.NEVER;
    }
    return { availabilityPercent: raw.availability ?? null, latencyP99Ms: raw.latency_p99 ?? null };
  });

const ServiceKeys = z.strictObject({
  name: name.describe("Unique service name; health reports and remedies refer to it."),
  platform: z
    .enum(["exec", "systemd", "docker", "kubernetes"])
    .default("exec")
    .describe("What runs the service; picks the remedy presets, and knowledge is recorded per platform."),
  ...PLATFORM_KEYS,
  deploy_hook: DeployHookConfig.optional().describe(
    "A Render- or Vercel-style deploy hook the retry_deployment and rollback_to_stable presets POST to.",
  ),
  checks: z
    .array(Check)
    .default([])
    .describe("Active probes of the service; each sets exactly one kind key."),
  scrape: z.array(ScrapeTarget).default([]).describe("Prometheus scrape targets of the service."),
  depends_on: z
    .array(name, expecting("a list of service names"))
    .default([])
    .describe("Other configured services; while one is down, this one failing is also dependency_issues."),
  heartbeat: Heartbeat.optional().describe("The service sends heartbeats; missing ones fail it."),
  scale: z
    .enum(ServiceScale.options, expecting("small, medium or large"))
    .optional()
    .describe("The scale its remedies' outcomes are recorded and ranked at; measured when absent."),
  request_rate: promqlExpression
    .optional()
    .describe("PromQL giving the service's requests per second, to measure its scale."),
  criticality: z
    .enum(["critical", "high", "medium", "low"], expecting("critical, high, medium or low"))
    .default("medium")
    .describe("A critical service's failure pages at once; also sets the report's urgency."),
  sla: Sla.optional().describe(
    "What the SLA_breach trigger holds the service's checks to, and reports and readiness judge.",
  ),
  cost_per_hour_down: z
    .number(expecting("an amount >= 0"))
    .min(0, expecting("an amount >= 0"))
    .optional()
    .describe("Cost of an hour of downtime, in your currency, for escalation and domain reports."),
  faults: z
    .record(name, Fault, expecting("a mapping of fault names to faults"))
    .default({})
    .describe("Faults a drill injects into the service on purpose, by name."),
});

const Service = ServiceKeys.transform((raw, ctx) => {
  const misplaced = listMisplacedPlatformKeys(raw);
  for (const { key, platform } of misplaced) {
    ctx.issues.push({
      code: "custom",
      input: raw[key],
      path: [key],
      message: `expected only on a service with platform: ${platform}, not ${raw.platform}`,
    });
  }
  if (misplaced.length > 0) return z.NEVER;
  return {
    name: raw.name,
    platform: raw.platform,
    workload: toWorkload(raw),
    deployHook: raw.deploy_hook ?? null,
    checks: raw.checks,
    scrape: raw.scrape,
    dependsOn: raw.depends_on,
    heartbeat: raw.heartbeat,
    scale: raw.scale,
    requestRateQuery: raw.request_rate,
    criticality: raw.criticality,
    sla: raw.sla,
    costPerHourDown: raw.cost_per_hour_down,
    faults: raw.faults,
  };
});

/**
 * The `key` of each item, when it is a string. The cross-field refinements below run even when other
 * problems were found (`when`), so they see partly unvalidated input and trust none of it.
 */
function readStringFields(items: unknown, key: string): (string | undefined)[] {
  if (!Array.isArray(items)) return [];
  return items.map((item: unknown) => {
    const value =
      typeof item === "object" && item !== null ? (item as Record<string, unknown>)[key] : undefined;
    return typeof value === "string" ? value : undefined;
  });
}

const REPORT_WITH_OTHER_PROBLEMS = { when: () => true };

/** The items of a list that are strings; nothing when it is not a list. */
function readStrings(list: unknown): (string | undefined)[] {
  return Array.isArray(list)
    ? list.map((item: unknown) => (typeof item === "string" ? item : undefined))
    : [];
}

/** A service's `depends_on` entries that are strings, whether the service parsed (`dependsOn`) or not. */
function readDependencies(service: unknown): (string | undefined)[] {
  if (typeof service !== "object" || service === null) return [];
  const fields = service as Record<string, unknown>;
  return readStrings(fields.dependsOn ?? fields.depends_on);
}

const Services = z.array(Service).superRefine((services, ctx) => {
  const firstIndexByName = new Map<string, number>();
  readStringFields(services, "name").forEach((serviceName, index) => {
    if (serviceName === undefined) return;
    const firstIndex = firstIndexByName.get(serviceName);
    if (firstIndex === undefined) {
      firstIndexByName.set(serviceName, index);
      return;
    }
    ctx.addIssue({
      code: "custom",
      input: serviceName,
      path: [index, "name"],
      message: `duplicate service name "${serviceName}", first used by services[${firstIndex}]`,
    });
  });
  const names = new Set(firstIndexByName.keys());
  readStringFields(services, "name").forEach((serviceName, index) => {
    readDependencies(services[index]).forEach((dependency, position) => {
      if (dependency === undefined) return;
      const path = [index, "depends_on", position];
      if (dependency === serviceName) {
        ctx.addIssue({
          code: "custom",
          input: dependency,
          path,
          message: "expected another service, not itself",
        });
      } else if (!names.has(dependency)) {
        const message = `no service named "${dependency}" is configured`;
        ctx.addIssue({ code: "custom", input: dependency, path, message });
      }
    });
  });
}, REPORT_WITH_OTHER_PROBLEMS);

const Remedy = z
  .strictObject({
    // Checked against the seed's solutions and the config's own patterns in checkCatalogReferences.
    solution: z
      .string(expecting("a solution name"))
      .min(1, expecting("a solution name"))
      .describe("The solution this remedy carries out: a seed one or one a pattern of patterns names."),
    service: name.optional().describe("Limit the remedy to this configured service."),
    ...kindKeys(ACTION_KEYS),
    timeout: durationMs
      .prefault("30s")
      .describe("How long the remedy may run before it is killed; a timeout fails the strike."),
    verify_for: durationMs
      .optional()
      .describe(
        "How long the symptom must stay clear after the remedy; default twice the service's fastest check interval.",
      ),
    dry_run: z
      .boolean(expecting("true or false"))
      .default(false)
      .describe("Record this remedy's actions as would_run and never run them."),
    // Absent: required when `environment: prod`, else none (see toEngineSettings).
    approval: z
      .enum(["required", "none"], expecting("required or none"))
      .optional()
      .describe("required: each action waits for an operator; default required in prod, else none."),
  })
  .transform((raw, ctx) => {
    // No key: the service's platform fills the action from a preset (resolveRemedyPresets).
    const picked = pickAtMostOneKind(ACTION_KEY_NAMES, raw, ctx);
    if (picked === undefined) return z.NEVER;
    return {
      solution: raw.solution,
      service: raw.service,
      action:
        picked.kind === null
          ? null
          : toRemedyAction(picked.kind, raw[picked.kind], { timeoutMs: raw.timeout }),
      timeoutMs: raw.timeout,
      verifyForMs: raw.verify_for,
      isDryRun: raw.dry_run,
      approval: raw.approval,
    };
  });

const Strikes = z
  .strictObject({
    strike1_timeout: durationMs.prefault("5m").describe("Budget of strike 1, from its start."),
    strike2_timeout: durationMs.prefault("15m").describe("Budget of strike 2."),
  })
  .transform((raw) => ({ strike1TimeoutMs: raw.strike1_timeout, strike2TimeoutMs: raw.strike2_timeout }));

const { maxRuns, budget, concurrency, flapping } = DEFAULT_AUTOMATION;

/** The rails every action passes; the defaults (DEFAULT_AUTOMATION) are safe for a first run. */
const Automation = z
  .strictObject({
    mode: z
      .enum(["live", "dry_run"], expecting("live or dry_run"))
      .default(DEFAULT_AUTOMATION.mode)
      .describe("dry_run records every action as would_run and never runs it."),
    cooldown: durationOrZeroMs
      .default(DEFAULT_AUTOMATION.cooldownMs)
      .describe(
        "After a remedy acts on a service, it may not act there again for this long; 0s turns it off.",
      ),
    max_runs: z
      .strictObject(
        {
          count: positiveInteger
            .default(maxRuns.count)
            .describe("Actions of one remedy on one service within the window."),
          window: durationMs.default(maxRuns.windowMs).describe("The window max_runs.count is counted over."),
        },
        expecting("a mapping"),
      )
      .prefault({})
      .describe("How often one remedy may act on one service within a window."),
    budget: z
      .strictObject(
        {
          actions: positiveInteger
            .default(budget.actions)
            .describe("Actions in all within the window; past it an incident escalates (action_budget)."),
          window: durationMs.default(budget.windowMs).describe("The window the budget is counted over."),
        },
        expecting("a mapping"),
      )
      .prefault({})
      .describe("How many actions Orbt may take in all within a window."),
    concurrency: z
      .strictObject(
        {
          per_service: positiveInteger
            .default(concurrency.perService)
            .describe("Actions running at once on one service; at most total."),
          total: positiveInteger.default(concurrency.total).describe("Actions running at once in all."),
        },
        expecting("a mapping"),
      )
      .prefault({})
      .describe("How many actions may run at once."),
    flapping: z
      .strictObject(
        {
          changes: positiveInteger
            .default(flapping.changes)
            .describe("Times its symptom appeared or cleared within the window that make a service flap."),
          window: durationMs.default(flapping.windowMs).describe("The window the changes are counted over."),
        },
        expecting("a mapping"),
      )
      .prefault({})
      .describe("When a service counts as flapping: held, escalated once, never acted on."),
    approval_timeout: durationMs
      .default(DEFAULT_AUTOMATION.approvalTimeoutMs)
      .describe("How long a remedy awaits approval; no answer counts as denied."),
  })
  .transform((raw, ctx) => {
    const { per_service: perService, total } = raw.concurrency;
    if (perService > total) {
      ctx.issues.push({
        code: "custom",
        input: perService,
        path: ["concurrency", "per_service"],
        message: `expected at most concurrency.total (${total}), got ${perService}`,
      });
      return z.NEVER;
    }
    return {
      mode: raw.mode,
      cooldownMs: raw.cooldown,
      maxRuns: { count: raw.max_runs.count, windowMs: raw.max_runs.window },
      budget: { actions: raw.budget.actions, windowMs: raw.budget.window },
      concurrency: { perService, total },
      flapping: { changes: raw.flapping.changes, windowMs: raw.flapping.window },
      approvalTimeoutMs: raw.approval_timeout,
    };
  });

/** `maintenance:` entries: from each time `cron` fires, the services' actions are held for `duration`. */
const MaintenanceWindow = z
  .strictObject({
    services: z
      .array(name, expecting("a list of service names"))
      .min(1, "expected at least one service")
      .describe("Configured services the window holds."),
    cron: cronExpression.describe("When each window starts (the daemon's time zone)."),
    duration: durationMs.describe("How long the window lasts from each start."),
  })
  .transform((raw) => ({ services: raw.services, cron: raw.cron, durationMs: raw.duration }));

/** How deploys reported to `POST /api/v1/deploys` are watched. */
const Deploys = z
  .strictObject({
    timeout: durationMs
      .default(DEFAULT_DEPLOYS.timeoutMs)
      .describe("A deploy started and not ended within this long is deployment_timeouts."),
    verify_for: durationMs
      .default(DEFAULT_DEPLOYS.verifyForMs)
      .describe("A succeeded deploy whose service fails within this long is environment_misconfigurations."),
  })
  .transform((raw) => ({ timeoutMs: raw.timeout, verifyForMs: raw.verify_for }));

const requestsPerSecond = z.number(expecting("requests per second, a number > 0")).positive();

/** How a service's scale is measured when its config does not set one. */
const Knowledge = z
  .strictObject({
    scale_bands: z
      .strictObject(
        {
          medium: requestsPerSecond
            .default(DEFAULT_SCALE_BANDS.mediumFrom)
            .describe("From this many requests per second a service is medium."),
          large: requestsPerSecond
            .default(DEFAULT_SCALE_BANDS.largeFrom)
            .describe("From this many requests per second a service is large; above medium."),
        },
        expecting("a mapping with medium and large"),
      )
      .prefault({})
      .describe("Requests per second from which a service is medium and large; below, small."),
    measure_every: durationMs.prefault("1m").describe("How often request rates are measured."),
    rate_window: durationMs.prefault("5m").describe("The window of the default request-rate query's rate()."),
  })
  .transform((raw, ctx) => {
    const { medium, large } = raw.scale_bands;
    if (medium >= large) {
      ctx.issues.push({
        code: "custom",
        input: large,
        path: ["scale_bands", "large"],
        message: `expected more than scale_bands.medium (${medium}), got ${large}`,
      });
      return z.NEVER;
    }
    return {
      scaleBands: { mediumFrom: medium, largeFrom: large },
      measureEveryMs: raw.measure_every,
      rateWindowMs: raw.rate_window,
    };
  });

/**
 * One trigger's key: `false` turns it off (null), `true` or an absent key keeps its defaults, a mapping
 * changes some of its fields.
 */
function trigger<Settings extends z.ZodType>(settings: Settings) {
  const onOrOff = (input: unknown) => (input === false ? null : input === true ? {} : input);
  return z.preprocess(onOrOff, settings.nullable()).prefault({});
}

const flag = z.strictObject({}, expecting("true, false or an empty mapping"));

const { SLA_breach: slaBreach, extended_downtime: downtime } = DEFAULT_TRIGGERS;
const { repeated_deployment_failures: deployFailures, cascading_system_failure: cascade } = DEFAULT_TRIGGERS;

const triggerFields = expecting("true, false or a mapping");
const burnRate = z
  .number(expecting("a burn rate above 0, like 14.4"))
  .positive(expecting("a burn rate above 0, like 14.4"));

const SlaBreach = z
  .strictObject(
    {
      burn_rate: burnRate
        .default(slaBreach!.burnRate)
        .describe("Pages when the error budget burns this many times too fast over both windows."),
      long_window: durationMs.default(slaBreach!.longWindowMs).describe("The long window of the burn rate."),
      short_window: durationMs
        .default(slaBreach!.shortWindowMs)
        .describe("The short window, below long_window: the page stops soon after the burn does."),
    },
    triggerFields,
  )
  .transform((raw, ctx) => {
    if (raw.short_window >= raw.long_window) {
      ctx.issues.push({
        code: "custom",
        input: raw.short_window,
        path: ["short_window"],
        message: `expected below long_window ${formatDurationMs(raw.long_window)}, got ${formatDurationMs(raw.short_window)}`,
      });
      return z.NEVER;
    }
    return { burnRate: raw.burn_rate, longWindowMs: raw.long_window, shortWindowMs: raw.short_window };
  });

const ExtendedDowntime = z
  .strictObject(
    {
      max_downtime: durationMs
        .default(downtime!.maxDowntimeMs)
        .describe("Pages when a service stays down longer than this, whatever the strike."),
    },
    triggerFields,
  )
  .transform((raw) => ({ maxDowntimeMs: raw.max_downtime }));

const RepeatedDeploymentFailures = z
  .strictObject(
    {
      count: positiveInteger
        .default(deployFailures!.count)
        .describe("Failed or timed-out deploys of one service within the window that page."),
      window: durationMs
        .default(deployFailures!.windowMs)
        .describe("The window the failed deploys are counted over."),
    },
    triggerFields,
  )
  .transform((raw) => ({ count: raw.count, windowMs: raw.window }));

const CascadingSystemFailure = z
  .strictObject(
    {
      services: positiveInteger
        .default(cascade!.services)
        .describe("Services starting to fail within the window that page."),
      window: durationMs
        .default(cascade!.windowMs)
        .describe("The window the failing services are counted over."),
    },
    triggerFields,
  )
  .transform((raw) => ({ services: raw.services, windowMs: raw.window }));

/** The seed's escalation triggers, each on with its defaults (DEFAULT_TRIGGERS) unless set otherwise. */
const Triggers = z.strictObject(
  {
    SLA_breach: trigger(SlaBreach).describe(
      "A service's SLA error budget burns too fast; false turns it off.",
    ),
    extended_downtime: trigger(ExtendedDowntime).describe(
      "A service down longer than max_downtime; false turns it off.",
    ),
    repeated_deployment_failures: trigger(RepeatedDeploymentFailures).describe(
      "Repeated failed deploys of one service; false turns it off.",
    ),
    cascading_system_failure: trigger(CascadingSystemFailure).describe(
      "Several services, or a service and its dependents, failing together; false turns it off.",
    ),
    business_critical_service_failure: trigger(flag).describe(
      "A criticality: critical service fails: pages as its incident opens.",
    ),
    critical_production_outage: trigger(flag).describe(
      "The same in environment: prod, in place of business_critical_service_failure.",
    ),
  },
  expecting("a mapping"),
);

const Escalation = z
  .strictObject({
    webhook: httpUrl.optional().describe("Receives a POST of the escalation report at strike 3."),
    triggers: Triggers.prefault({}).describe(
      "The escalation triggers, each on with its defaults unless set otherwise.",
    ),
  })
  .transform((raw) => ({ webhookUrl: raw.webhook, triggers: raw.triggers }));

/** Prometheus's `--rules.alert.for-outage-tolerance` and `--rules.alert.for-grace-period`, with its defaults. */
const Rules = z
  .strictObject({
    for_outage_tolerance: durationMs
      .prefault("1h")
      .describe("Restore alerts' for progress only after an outage at most this long."),
    for_grace_period: durationMs
      .prefault("10m")
      .describe("A restored alert due sooner fires this long after the restore instead."),
  })
  .transform((raw) => ({
    forOutageToleranceMs: raw.for_outage_tolerance,
    forGracePeriodMs: raw.for_grace_period,
  }));

/** A receiver limit: a size like 16MiB, never 0 (that would refuse everything). */
const limitBytes = byteSize.refine((bytes) => bytes >= 1, { message: "expected a size above 0, like 16MiB" });

const ratio = z.number(expecting("a number from 0 to 1")).min(0).max(1);

const SpanThreshold = z
  .strictObject({
    service: z.string().min(1).optional().describe("Only spans of this service; default every service."),
    window: durationMs.prefault("1m").describe("The window spans are judged over."),
    min_spans: positiveInteger.default(10).describe("Fewer spans than this in the window judge nothing."),
    max_error_ratio: ratio.optional().describe("A larger share of error spans raises a symptom."),
    max_latency: durationMs
      .optional()
      .describe("A slower latency_quantile of span durations raises a symptom."),
    latency_quantile: ratio.default(0.95).describe("The quantile of span durations max_latency is held to."),
  })
  .transform((raw, ctx) => {
    if (raw.max_error_ratio === undefined && raw.max_latency === undefined) {
      ctx.issues.push({
        code: "custom",
        input: raw,
        message: "expected max_error_ratio, max_latency or both",
      });
      return z.NEVER;
    }
    return {
      service: raw.service,
      windowMs: raw.window,
      minSpans: raw.min_spans,
      maxErrorRatio: raw.max_error_ratio,
      latencyQuantile: raw.latency_quantile,
      maxLatencySeconds: raw.max_latency === undefined ? undefined : raw.max_latency / 1000,
    };
  });

/** `otlp: false` turns the OTLP/HTTP receiver off; it listens on 127.0.0.1:4318 otherwise. */
const Otlp = z.preprocess(
  // One object schema instead of a union, so a wrong key is reported by path, not as "invalid input".
  (input) => (input === false ? { enabled: false } : input),
  z
    .strictObject(
      {
        enabled: z.literal(false).optional().describe("false turns the receiver off, as otlp: false does."),
        listen: hostPort.prefault("127.0.0.1:4318").describe("Address of the OTLP/HTTP receiver."),
        span_thresholds: z
          .array(SpanThreshold)
          .default([])
          .describe("Span error ratios or latencies over a window that raise symptoms."),
      },
      expecting("false or a mapping"),
    )
    .transform((raw) =>
      raw.enabled === false ? (false as const) : { listen: raw.listen, spanThresholds: raw.span_thresholds },
    ),
);

const Ingest = z
  .strictObject({
    max_body: limitBytes
      .default(DEFAULT_INGEST_LIMITS.maxBodyBytes)
      .describe("Larger request bodies get 413."),
    max_decoded: limitBytes
      .default(DEFAULT_INGEST_LIMITS.maxDecodedBytes)
      .describe("Decompressed size limit; a gzip or snappy bomb is refused."),
    max_label_count: positiveInteger
      .default(DEFAULT_INGEST_LIMITS.maxLabelCount)
      .describe("Series with more labels are refused and counted."),
    max_label_name_length: positiveInteger
      .default(DEFAULT_INGEST_LIMITS.maxLabelNameLength)
      .describe("Longer label names are refused and counted."),
    max_label_value_length: positiveInteger
      .default(DEFAULT_INGEST_LIMITS.maxLabelValueLength)
      .describe("Longer label values are refused and counted."),
    max_series_per_service: positiveInteger
      .default(DEFAULT_INGEST_LIMITS.maxSeriesPerService)
      .describe("Distinct series one service (job) may create."),
    decode_threads: nonNegativeInteger
      .max(16, expecting("an integer from 0 to 16"))
      .default(DEFAULT_DECODE_THREADS)
      .describe(
        "Threads that decode OTLP bodies, and remote_write bodies of 64 KiB or more, off the event loop, started on the first such body; 0 decodes on the loop.",
      ),
  })
  .transform((raw) => ({
    maxBodyBytes: raw.max_body,
    maxDecodedBytes: raw.max_decoded,
    maxLabelCount: raw.max_label_count,
    maxLabelNameLength: raw.max_label_name_length,
    maxLabelValueLength: raw.max_label_value_length,
    maxSeriesPerService: raw.max_series_per_service,
    decodeThreads: raw.decode_threads,
  }));

const Token = z
  .strictObject({
    name: name.describe("Who the token belongs to; recorded as the acting operator."),
    token: z.string().min(1).optional().describe("The secret; or token_file."),
    token_file: z.string().min(1).optional().describe("A file holding the secret."),
    role: z
      .enum(ROLES)
      .describe("What the token may do: viewer reads, reporter posts signals, operator acts, admin all."),
    hosts: z
      .array(Host)
      .min(1, expecting("at least one host name"))
      .optional()
      .describe(
        "The fleet hosts this token may report as at POST /api/v1/upstream/batches; any when absent.",
      ),
  })
  .transform((raw, ctx) => {
    if ((raw.token === undefined) === (raw.token_file === undefined)) {
      ctx.issues.push({ code: "custom", input: raw, message: "expected exactly one of token, token_file" });
      return z.NEVER;
    }
    const entry = { name: raw.name, token: raw.token, tokenFile: raw.token_file, role: raw.role };
    return raw.hosts === undefined ? entry : { ...entry, hosts: raw.hosts };
  });

const Tokens = z.array(Token).superRefine((tokens, ctx) => {
  const seen = new Set<string>();
  readStringFields(tokens, "name").forEach((tokenName, index) => {
    if (tokenName === undefined) return;
    if (seen.has(tokenName)) {
      ctx.addIssue({
        code: "custom",
        input: tokenName,
        path: [index, "name"],
        message: `duplicate token name "${tokenName}"`,
      });
    }
    seen.add(tokenName);
  });
}, REPORT_WITH_OTHER_PROBLEMS);

const LogPatternConfig = z
  .strictObject({
    service: z.string().min(1).optional().describe("Only records of this service."),
    min_severity: z
      .union([z.int().min(1).max(24), z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])])
      .optional()
      .describe("Only records at least this severe (TRACE to FATAL, or 1-24)."),
    body_regex: z.string().optional().describe("A regular expression the record's body must match."),
    pattern: z.string().min(1).describe("Pattern of the symptom to raise."),
    symptom: z.string().min(1).describe("Symptom to raise; the matching record is kept as evidence."),
  })
  .transform((raw, ctx) => {
    const spec = {
      service: raw.service,
      minSeverity: raw.min_severity,
      bodyRegex: raw.body_regex,
      pattern: raw.pattern,
      symptom: raw.symptom,
    };
    const compiled = compileLogPattern(spec);
    if (!compiled.ok) {
      ctx.issues.push({ code: "custom", input: raw, message: compiled.error.message });
      return z.NEVER;
    }
    return spec;
  });

const SymptomMapping = z.strictObject({
  match: z
    .record(z.string(), z.string(expecting("a label value")), expecting("a mapping of label names to values"))
    .refine((match) => Object.keys(match).length > 0, { message: "expected at least one label to match" })
    .describe("Label values an alert must have, e.g. `{ alertname: HighLatency }`."),
  // Both checked against the catalog, the config's own patterns too, in checkCatalogReferences.
  pattern: z.string(expecting("a pattern name")).describe("Pattern of the seed catalog or of patterns."),
  symptom: z
    .string(expecting("a symptom name"))
    .describe("Symptom of that pattern, e.g. high_response_times."),
});

const postgresUrl = z.string(expecting("a postgres:// URL")).transform((text, ctx) => {
  const parsed = parsePostgresUrl(text);
  if (parsed.ok) return parsed.value;
  ctx.issues.push({ code: "custom", input: text, message: parsed.error.message });
  return z.NEVER;
});

/** Absent: SQLite at `data_dir/orbt.db`. */
const Store = z
  .strictObject({ postgres: postgresUrl.describe("A postgres:// URL; ORBT_STORE_URL overrides it.") })
  .describe("A postgres:// URL; ORBT_STORE_URL overrides it.");

/** What `value[key]` is when it is a list; nothing for anything else. */
function listAt(value: unknown, key: string): unknown[] {
  const list =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? list : [];
}

/** A report goes to receivers that exist and can carry it (a PagerDuty page is for incidents only). */
function checkReportReceivers(notify: unknown, reports: unknown): z.core.$ZodRawIssue[] {
  const kinds = new Map(
    listAt(notify, "receivers").map((receiver) => {
      const parsed = receiver as { name?: unknown; target?: { kind?: unknown } };
      return [parsed.name, parsed.target?.kind];
    }),
  );
  return listAt({ reports }, "reports").flatMap((report, reportIndex) =>
    listAt(report, "receivers").flatMap((receiverName, index): z.core.$ZodRawIssue[] => {
      if (typeof receiverName !== "string") return [];
      const path = ["reports", reportIndex, "receivers", index];
      if (!kinds.has(receiverName)) {
        const message = `no receiver named "${receiverName}" is configured in notify.receivers`;
        return [{ code: "custom", input: receiverName, path, message }];
      }
      const kind = RECEIVER_KIND_NAMES.find((each) => each === kinds.get(receiverName));
      if (kind === undefined || carriesReports(kind)) return [];
      const carriers = new Intl.ListFormat("en", { type: "disjunction" }).format(
        RECEIVER_KIND_NAMES.filter(carriesReports),
      );
      const message = `receiver "${receiverName}" is a ${kind} receiver, which cannot carry a report; name a ${carriers} receiver`;
      return [{ code: "custom", input: receiverName, path, message }];
    }),
  );
}

/**
 * The daemon's configuration: snake_case YAML in, camelCase out, durations in milliseconds.
 * `dataDir` is still as written here; `parseConfigText` resolves it against the config file's directory.
 */
export const OrbtConfig = z
  .strictObject({
    project: name.default("orbt").describe("Project name, used in DPR ids and reports."),
    environment: z
      .enum(["dev", "staging", "prod"])
      .default("dev")
      .describe("Sets escalation urgency; prod also requires approval of remedies by default."),
    listen: hostPort
      .prefault("127.0.0.1:7070")
      .describe("Address of the REST API, the stream, /metrics and /healthz."),
    data_dir: z
      .string(expecting("a directory path"))
      .min(1, expecting("a directory path"))
      .default("./data")
      .describe("Directory of the SQLite store, relative to the config file."),
    store: Store.optional().describe("Keep the store in Postgres instead of SQLite in data_dir."),
    backup: Backup.optional().describe("Back the SQLite store up on a schedule."),
    ha: Ha.optional().describe(
      "Run as one of an HA pair on a Postgres store: one leads and acts, one follows.",
    ),
    checkpoints: Checkpoints.prefault({}).describe(
      "Checkpoints of the engine's state, so a start replays only the journal after the newest, and the retention of the journal and resolved incidents behind them; false: none, nothing deleted.",
    ),
    services: Services.default([]).describe("The services to watch."),
    remedies: z.array(Remedy).default([]).describe("Concrete actions bound to solution names."),
    strikes: Strikes.prefault({}).describe("Strike budgets."),
    automation: Automation.prefault({}).describe("The safety rails every action passes."),
    deploys: Deploys.prefault({}).describe("How reported deploys are watched."),
    escalation: Escalation.prefault({}).describe(
      "Where strike 3 sends its report, and the escalation triggers.",
    ),
    knowledge: Knowledge.prefault({}).describe("How a service's scale is measured."),
    maintenance: z
      .array(MaintenanceWindow)
      .default([])
      .describe("Maintenance windows: actions held, escalations not sent."),
    notify: Notify.prefault({}).describe("Notification receivers and routes."),
    shutdown_grace: durationMs
      .prefault("10s")
      .describe("On SIGTERM/SIGINT, how long running remedies may finish."),
    retention: durationMs.prefault("2h").describe("How long received and scraped samples stay in memory."),
    // Absent ingest keys stay undefined: the receivers then use DEFAULT_INGEST_LIMITS, DEFAULT_LOG_PATTERNS,
    // no tokens, and an OTLP receiver on 127.0.0.1:4318.
    otlp: Otlp.optional().describe("The OTLP/HTTP receiver; false turns it off."),
    ingest: Ingest.optional().describe("Limits of every receiver."),
    tokens: Tokens.optional().describe(
      "Bearer tokens with roles; with none, only loopback clients are served.",
    ),
    log_patterns: z.array(LogPatternConfig).optional().describe("OTLP log records that raise symptoms."),
    // Prometheus rule files, paths or globs relative to the config file.
    rule_files: z
      .array(z.string(expecting("a path or glob")).min(1, expecting("a path or glob")))
      .default([])
      .describe("Prometheus rule files, relative to the config file; globs allowed."),
    rules: Rules.prefault({}).describe("How alerts' for progress is restored after a restart."),
    default_rules: DefaultRules.prefault({}).describe(
      "The shipped rules over scraped series; false turns them off.",
    ),
    symptoms: z.array(SymptomMapping).default([]).describe("Maps alerts to symptoms."),
    patterns: OwnPatterns.default([]).describe("Patterns of one's own, beside the seed's."),
    reports: z.array(ReportSchedule).default([]).describe("Platform domain reports on a schedule."),
    drills: Drills.prefault({}).describe(
      "Quality-control drills: whether they may run in prod, and their schedules.",
    ),
    host: Host.optional().describe(
      "This daemon's name in a fleet: what a central daemon lists it as; default the hostname.",
    ),
    upstream: Upstream.optional().describe("Report to a central daemon, over HTTP or JetStream."),
    fleet: Fleet.optional().describe("As a central daemon, read the hosts' JetStream stream."),
  })
  .superRefine((raw, ctx) => {
    for (const issue of checkReportReceivers(raw.notify, raw.reports)) ctx.addIssue(issue);
    for (const issue of checkDrillReferences(raw)) ctx.addIssue(issue);
    for (const issue of checkCatalogReferences(raw))
      ctx.addIssue({ code: "custom", ...issue, path: [...issue.path] });
    const serviceNames = new Set(readStringFields(raw.services, "name"));
    readStringFields(raw.remedies, "service").forEach((serviceName, index) => {
      if (serviceName === undefined || serviceNames.has(serviceName)) return;
      ctx.addIssue({
        code: "custom",
        input: serviceName,
        path: ["remedies", index, "service"],
        message: `no service named "${serviceName}" is configured`,
      });
    });
    const windows: unknown[] = Array.isArray(raw.maintenance) ? raw.maintenance : [];
    windows.forEach((window, index) => {
      const fields = typeof window === "object" && window !== null ? (window as Record<string, unknown>) : {};
      const listed = readStrings(fields.services);
      listed.forEach((serviceName, position) => {
        if (serviceName === undefined || serviceNames.has(serviceName)) return;
        ctx.addIssue({
          code: "custom",
          input: serviceName,
          path: ["maintenance", index, "services", position],
          message: `no service named "${serviceName}" is configured`,
        });
      });
    });
  }, REPORT_WITH_OTHER_PROBLEMS)
  .transform((raw, ctx) => {
    const presets = resolveRemedyPresets(raw.remedies, raw.services);
    if (!presets.ok) {
      for (const problem of presets.problems) {
        ctx.issues.push({
          code: "custom",
          input: raw.remedies[problem.index],
          path: ["remedies", problem.index],
          message: problem.message,
        });
      }
      return z.NEVER;
    }
    return { ...raw, remedies: presets.remedies };
  })
  .transform((raw) => ({
    project: raw.project,
    environment: raw.environment,
    listen: raw.listen,
    dataDir: raw.data_dir,
    store: raw.store,
    backup: raw.backup ?? null,
    ha: raw.ha?.enabled === true ? raw.ha : null,
    checkpoints: raw.checkpoints,
    services: raw.services,
    remedies: raw.remedies,
    strikes: raw.strikes,
    notify: withEscalationWebhook(raw.notify, raw.escalation.webhookUrl),
    automation: raw.automation,
    maintenance: raw.maintenance,
    deploys: raw.deploys,
    knowledge: raw.knowledge,
    triggers: raw.escalation.triggers,
    shutdownGraceMs: raw.shutdown_grace,
    retentionMs: raw.retention,
    otlp: raw.otlp,
    ingest: raw.ingest,
    tokens: raw.tokens,
    logPatterns: raw.log_patterns,
    ruleFiles: raw.rule_files,
    rules: raw.rules,
    defaultRules: raw.default_rules,
    symptoms: raw.symptoms,
    patterns: raw.patterns,
    reports: raw.reports,
    drills: raw.drills,
    host: resolveHost(raw.host),
    upstream: raw.upstream ?? null,
    fleet: raw.fleet ?? null,
  }));

export type OrbtConfig = z.output<typeof OrbtConfig>;
export type ServiceConfig = OrbtConfig["services"][number];
export type CheckConfig = ServiceConfig["checks"][number];
export type ScrapeTargetConfig = ServiceConfig["scrape"][number];
export type RemedyConfig = OrbtConfig["remedies"][number];
export type MaintenanceWindowConfig = OrbtConfig["maintenance"][number];
export type SymptomMappingConfig = OrbtConfig["symptoms"][number];
