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
import { DEFAULT_INGEST_LIMITS } from "../signals/ingest/ingest-limits.js";
import { compileLogPattern } from "../signals/otlp/log-pattern.js";
import { DefaultRules } from "../signals/rules/default-rules.js";
import { parseByteSize } from "../signals/scrape/parse-byte-size.js";
import { parsePostgresUrl } from "../store/postgres-url.js";
import { Backup } from "./backup-config.js";
import { describeInput } from "./describe-input.js";
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
    interval: durationMs.prefault("10s"),
    timeout: durationMs.optional(),
    fail_after: positiveInteger.default(2),
    latency_threshold: durationOrZeroMs.optional(),
    via: z.enum(["load_balancer"], expecting("load_balancer")).optional(),
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
  .strictObject({ every: durationMs, missed: positiveInteger.default(3) }, expecting("a mapping with every"))
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
    url: httpUrl,
    // Prometheus's global default is 1m; Orbt watches closer, like the checks above.
    interval: durationMs.prefault("15s"),
    timeout: durationMs.optional(),
    labels: z
      .record(labelName, z.string(expecting("a string label value")), {
        error: (issue) =>
          issue.code === "invalid_key"
            ? `expected ${LABEL_NAME_EXPECTED}, got ${describeInput(issue.input)}`
            : undefined,
      })
      .default({}),
    honor_labels: z.boolean(expecting("true or false")).default(false),
    sample_limit: nonNegativeInteger.default(0),
    body_size_limit: byteSize.default(0),
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
        .optional(),
      latency_p99: durationMs.optional(),
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
  name,
  platform: z.enum(["exec", "systemd", "docker", "kubernetes"]).default("exec"),
  ...PLATFORM_KEYS,
  deploy_hook: DeployHookConfig.optional(),
  checks: z.array(Check).default([]),
  scrape: z.array(ScrapeTarget).default([]),
  depends_on: z.array(name, expecting("a list of service names")).default([]),
  heartbeat: Heartbeat.optional(),
  scale: z.enum(ServiceScale.options, expecting("small, medium or large")).optional(),
  request_rate: promqlExpression.optional(),
  criticality: z
    .enum(["critical", "high", "medium", "low"], expecting("critical, high, medium or low"))
    .default("medium"),
  sla: Sla.optional(),
  cost_per_hour_down: z.number(expecting("an amount >= 0")).min(0, expecting("an amount >= 0")).optional(),
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
    solution: z.string(expecting("a solution name")).min(1, expecting("a solution name")),
    service: name.optional(),
    ...kindKeys(ACTION_KEYS),
    timeout: durationMs.prefault("30s"),
    verify_for: durationMs.optional(),
    dry_run: z.boolean(expecting("true or false")).default(false),
    // Absent: required when `environment: prod`, else none (see toEngineSettings).
    approval: z.enum(["required", "none"], expecting("required or none")).optional(),
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
  .strictObject({ strike1_timeout: durationMs.prefault("5m"), strike2_timeout: durationMs.prefault("15m") })
  .transform((raw) => ({ strike1TimeoutMs: raw.strike1_timeout, strike2TimeoutMs: raw.strike2_timeout }));

const { maxRuns, budget, concurrency, flapping } = DEFAULT_AUTOMATION;

/** The rails every action passes; the defaults (DEFAULT_AUTOMATION) are safe for a first run. */
const Automation = z
  .strictObject({
    mode: z.enum(["live", "dry_run"], expecting("live or dry_run")).default(DEFAULT_AUTOMATION.mode),
    cooldown: durationOrZeroMs.default(DEFAULT_AUTOMATION.cooldownMs),
    max_runs: z
      .strictObject(
        { count: positiveInteger.default(maxRuns.count), window: durationMs.default(maxRuns.windowMs) },
        expecting("a mapping"),
      )
      .prefault({}),
    budget: z
      .strictObject(
        { actions: positiveInteger.default(budget.actions), window: durationMs.default(budget.windowMs) },
        expecting("a mapping"),
      )
      .prefault({}),
    concurrency: z
      .strictObject(
        {
          per_service: positiveInteger.default(concurrency.perService),
          total: positiveInteger.default(concurrency.total),
        },
        expecting("a mapping"),
      )
      .prefault({}),
    flapping: z
      .strictObject(
        {
          changes: positiveInteger.default(flapping.changes),
          window: durationMs.default(flapping.windowMs),
        },
        expecting("a mapping"),
      )
      .prefault({}),
    approval_timeout: durationMs.default(DEFAULT_AUTOMATION.approvalTimeoutMs),
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
    services: z.array(name, expecting("a list of service names")).min(1, "expected at least one service"),
    cron: cronExpression,
    duration: durationMs,
  })
  .transform((raw) => ({ services: raw.services, cron: raw.cron, durationMs: raw.duration }));

/** How deploys reported to `POST /api/v1/deploys` are watched. */
const Deploys = z
  .strictObject({
    timeout: durationMs.default(DEFAULT_DEPLOYS.timeoutMs),
    verify_for: durationMs.default(DEFAULT_DEPLOYS.verifyForMs),
  })
  .transform((raw) => ({ timeoutMs: raw.timeout, verifyForMs: raw.verify_for }));

const requestsPerSecond = z.number(expecting("requests per second, a number > 0")).positive();

/** How a service's scale is measured when its config does not set one. */
const Knowledge = z
  .strictObject({
    scale_bands: z
      .strictObject(
        {
          medium: requestsPerSecond.default(DEFAULT_SCALE_BANDS.mediumFrom),
          large: requestsPerSecond.default(DEFAULT_SCALE_BANDS.largeFrom),
        },
        expecting("a mapping with medium and large"),
      )
      .prefault({}),
    measure_every: durationMs.prefault("1m"),
    rate_window: durationMs.prefault("5m"),
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
      burn_rate: burnRate.default(slaBreach!.burnRate),
      long_window: durationMs.default(slaBreach!.longWindowMs),
      short_window: durationMs.default(slaBreach!.shortWindowMs),
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
  .strictObject({ max_downtime: durationMs.default(downtime!.maxDowntimeMs) }, triggerFields)
  .transform((raw) => ({ maxDowntimeMs: raw.max_downtime }));

const RepeatedDeploymentFailures = z
  .strictObject(
    {
      count: positiveInteger.default(deployFailures!.count),
      window: durationMs.default(deployFailures!.windowMs),
    },
    triggerFields,
  )
  .transform((raw) => ({ count: raw.count, windowMs: raw.window }));

const CascadingSystemFailure = z
  .strictObject(
    { services: positiveInteger.default(cascade!.services), window: durationMs.default(cascade!.windowMs) },
    triggerFields,
  )
  .transform((raw) => ({ services: raw.services, windowMs: raw.window }));

/** The seed's escalation triggers, each on with its defaults (DEFAULT_TRIGGERS) unless set otherwise. */
const Triggers = z.strictObject(
  {
    SLA_breach: trigger(SlaBreach),
    extended_downtime: trigger(ExtendedDowntime),
    repeated_deployment_failures: trigger(RepeatedDeploymentFailures),
    cascading_system_failure: trigger(CascadingSystemFailure),
    business_critical_service_failure: trigger(flag),
    critical_production_outage: trigger(flag),
  },
  expecting("a mapping"),
);

const Escalation = z
  .strictObject({ webhook: httpUrl.optional(), triggers: Triggers.prefault({}) })
  .transform((raw) => ({ webhookUrl: raw.webhook, triggers: raw.triggers }));

/** Prometheus's `--rules.alert.for-outage-tolerance` and `--rules.alert.for-grace-period`, with its defaults. */
const Rules = z
  .strictObject({
    for_outage_tolerance: durationMs.prefault("1h"),
    for_grace_period: durationMs.prefault("10m"),
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
    service: z.string().min(1).optional(),
    window: durationMs.prefault("1m"),
    min_spans: positiveInteger.default(10),
    max_error_ratio: ratio.optional(),
    max_latency: durationMs.optional(),
    latency_quantile: ratio.default(0.95),
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
        enabled: z.literal(false).optional(),
        listen: hostPort.prefault("127.0.0.1:4318"),
        span_thresholds: z.array(SpanThreshold).default([]),
      },
      expecting("false or a mapping"),
    )
    .transform((raw) =>
      raw.enabled === false ? (false as const) : { listen: raw.listen, spanThresholds: raw.span_thresholds },
    ),
);

const Ingest = z
  .strictObject({
    max_body: limitBytes.default(DEFAULT_INGEST_LIMITS.maxBodyBytes),
    max_decoded: limitBytes.default(DEFAULT_INGEST_LIMITS.maxDecodedBytes),
    max_label_count: positiveInteger.default(DEFAULT_INGEST_LIMITS.maxLabelCount),
    max_label_name_length: positiveInteger.default(DEFAULT_INGEST_LIMITS.maxLabelNameLength),
    max_label_value_length: positiveInteger.default(DEFAULT_INGEST_LIMITS.maxLabelValueLength),
    max_series_per_service: positiveInteger.default(DEFAULT_INGEST_LIMITS.maxSeriesPerService),
  })
  .transform((raw) => ({
    maxBodyBytes: raw.max_body,
    maxDecodedBytes: raw.max_decoded,
    maxLabelCount: raw.max_label_count,
    maxLabelNameLength: raw.max_label_name_length,
    maxLabelValueLength: raw.max_label_value_length,
    maxSeriesPerService: raw.max_series_per_service,
  }));

const Token = z
  .strictObject({
    name,
    token: z.string().min(1).optional(),
    token_file: z.string().min(1).optional(),
    role: z.enum(ROLES),
  })
  .transform((raw, ctx) => {
    if ((raw.token === undefined) === (raw.token_file === undefined)) {
      ctx.issues.push({ code: "custom", input: raw, message: "expected exactly one of token, token_file" });
      return z.NEVER;
    }
    return { name: raw.name, token: raw.token, tokenFile: raw.token_file, role: raw.role };
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
    service: z.string().min(1).optional(),
    min_severity: z
      .union([z.int().min(1).max(24), z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])])
      .optional(),
    body_regex: z.string().optional(),
    pattern: z.string().min(1),
    symptom: z.string().min(1),
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
    .refine((match) => Object.keys(match).length > 0, { message: "expected at least one label to match" }),
  // Both checked against the catalog, the config's own patterns too, in checkCatalogReferences.
  pattern: z.string(expecting("a pattern name")),
  symptom: z.string(expecting("a symptom name")),
});

const postgresUrl = z.string(expecting("a postgres:// URL")).transform((text, ctx) => {
  const parsed = parsePostgresUrl(text);
  if (parsed.ok) return parsed.value;
  ctx.issues.push({ code: "custom", input: text, message: parsed.error.message });
  return z.NEVER;
});

/** Absent: SQLite at `data_dir/orbt.db`. */
const Store = z.strictObject({ postgres: postgresUrl });

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
    project: name.default("orbt"),
    environment: z.enum(["dev", "staging", "prod"]).default("dev"),
    listen: hostPort.prefault("127.0.0.1:7070"),
    data_dir: z.string(expecting("a directory path")).min(1, expecting("a directory path")).default("./data"),
    store: Store.optional(),
    backup: Backup.optional(),
    services: Services.default([]),
    remedies: z.array(Remedy).default([]),
    strikes: Strikes.prefault({}),
    automation: Automation.prefault({}),
    deploys: Deploys.prefault({}),
    escalation: Escalation.prefault({}),
    knowledge: Knowledge.prefault({}),
    maintenance: z.array(MaintenanceWindow).default([]),
    notify: Notify.prefault({}),
    shutdown_grace: durationMs.prefault("10s"),
    retention: durationMs.prefault("2h"),
    // Absent ingest keys stay undefined: the receivers then use DEFAULT_INGEST_LIMITS, DEFAULT_LOG_PATTERNS,
    // no tokens, and an OTLP receiver on 127.0.0.1:4318.
    otlp: Otlp.optional(),
    ingest: Ingest.optional(),
    tokens: Tokens.optional(),
    log_patterns: z.array(LogPatternConfig).optional(),
    // Prometheus rule files, paths or globs relative to the config file.
    rule_files: z
      .array(z.string(expecting("a path or glob")).min(1, expecting("a path or glob")))
      .default([]),
    rules: Rules.prefault({}),
    default_rules: DefaultRules.prefault({}),
    symptoms: z.array(SymptomMapping).default([]),
    patterns: OwnPatterns.default([]),
    reports: z.array(ReportSchedule).default([]),
  })
  .superRefine((raw, ctx) => {
    for (const issue of checkReportReceivers(raw.notify, raw.reports)) ctx.addIssue(issue);
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
  }));

export type OrbtConfig = z.output<typeof OrbtConfig>;
export type ServiceConfig = OrbtConfig["services"][number];
export type CheckConfig = ServiceConfig["checks"][number];
export type ScrapeTargetConfig = ServiceConfig["scrape"][number];
export type RemedyConfig = OrbtConfig["remedies"][number];
export type MaintenanceWindowConfig = OrbtConfig["maintenance"][number];
export type SymptomMappingConfig = OrbtConfig["symptoms"][number];
