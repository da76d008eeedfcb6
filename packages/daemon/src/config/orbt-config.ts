import { listSolutionNames, SEED_PATTERNS } from "@orbt/core";
import * as z from "zod";
import { formatDurationMs } from "../duration/format-duration-ms.js";
import { parseDurationMs } from "../duration/parse-duration-ms.js";
import { describeInput } from "./describe-input.js";
import { parseHostPort } from "./host-port.js";

/**
 * A schema-level message for a present but wrong value. A missing value (`undefined`) falls through to
 * the per-parse error map, which says "required".
 */
function expecting(expected: string) {
  return {
    error: (issue: { readonly input?: unknown }) =>
      issue.input === undefined ? undefined : `expected ${expected}, got ${describeInput(issue.input)}`,
  };
}

/** A string schema whose text `parse` turns into a value, or rejects as not being `expected`. */
function parsedText<T>(expected: string, parse: (text: string) => T | undefined) {
  return z.string(expecting(expected)).transform((text, ctx) => {
    const value = parse(text);
    if (value !== undefined) return value;
    ctx.issues.push({
      code: "custom",
      input: text,
      message: `expected ${expected}, got ${describeInput(text)}`,
    });
    return z.NEVER;
  });
}

const durationMs = parsedText("a duration like 5s", parseDurationMs).refine((ms) => ms > 0, {
  message: "expected a duration above 0",
});

const name = z
  .string(expecting("a name"))
  .regex(/^[A-Za-z0-9._-]{1,128}$/, expecting("1-128 characters of A-Z a-z 0-9 . _ -"));

const httpUrl = parsedText("an http(s) URL", (text) => {
  const protocol = URL.canParse(text) ? new URL(text).protocol : undefined;
  return protocol === "http:" || protocol === "https:" ? text : undefined;
});

const hostPort = parsedText("host:port like 127.0.0.1:7070", parseHostPort);

const positiveInteger = z.int(expecting("an integer >= 1")).min(1, expecting("an integer >= 1"));

const argv = z
  .array(
    z.string(expecting("a non-empty string")).min(1, expecting("a non-empty string")),
    expecting("a non-empty list of strings (argv)"),
  )
  .min(1, expecting("a non-empty list of strings (argv)"));

const CHECK_TIMEOUT_DEFAULT_MS = 5_000;

const Check = z
  .strictObject({
    http: httpUrl.optional(),
    tcp: hostPort.optional(),
    interval: durationMs.prefault("10s"),
    timeout: durationMs.optional(),
    fail_after: positiveInteger.default(2),
  })
  .transform((raw, ctx) => {
    if ((raw.http === undefined) === (raw.tcp === undefined)) {
      ctx.issues.push({ code: "custom", input: raw, message: "expected exactly one of http, tcp" });
      return z.NEVER;
    }
    if (raw.timeout !== undefined && raw.timeout > raw.interval) {
      ctx.issues.push({
        code: "custom",
        input: raw.timeout,
        path: ["timeout"],
        message: `expected at most the interval ${formatDurationMs(raw.interval)}, got ${formatDurationMs(raw.timeout)}`,
      });
      return z.NEVER;
    }
    const probe = {
      intervalMs: raw.interval,
      // A short interval caps the default timeout, so `interval: 1s` alone stays valid.
      timeoutMs: raw.timeout ?? Math.min(CHECK_TIMEOUT_DEFAULT_MS, raw.interval),
      failAfter: raw.fail_after,
    };
    return raw.http !== undefined
      ? { kind: "http" as const, url: raw.http, ...probe }
      : { kind: "tcp" as const, ...raw.tcp!, ...probe };
  });

const Service = z
  .strictObject({
    name,
    platform: z.enum(["exec", "systemd", "docker", "kubernetes"]).default("exec"),
    checks: z.array(Check).default([]),
  })
  .transform((raw) => ({ name: raw.name, platform: raw.platform, checks: raw.checks }));

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
}, REPORT_WITH_OTHER_PROBLEMS);

const HttpRemedy = z.strictObject({
  url: httpUrl,
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
  timeout: durationMs.optional(),
});

const Remedy = z
  .strictObject({
    solution: z.enum(listSolutionNames() as [string, ...string[]]),
    service: name.optional(),
    exec: argv.optional(),
    http: HttpRemedy.optional(),
    timeout: durationMs.prefault("30s"),
    verify_for: durationMs.optional(),
    approval: z.enum(["required", "none"]).default("none"),
  })
  .transform((raw, ctx) => {
    if ((raw.exec === undefined) === (raw.http === undefined)) {
      ctx.issues.push({ code: "custom", input: raw, message: "expected exactly one of exec, http" });
      return z.NEVER;
    }
    const action =
      raw.exec !== undefined
        ? { kind: "exec" as const, argv: raw.exec }
        : {
            kind: "http" as const,
            url: raw.http!.url,
            method: raw.http!.method,
            // The request alone may use the remedy's whole budget unless told otherwise.
            timeoutMs: raw.http!.timeout ?? raw.timeout,
          };
    return {
      solution: raw.solution,
      service: raw.service,
      action,
      timeoutMs: raw.timeout,
      verifyForMs: raw.verify_for,
      approval: raw.approval,
    };
  });

const Strikes = z
  .strictObject({ strike1_timeout: durationMs.prefault("5m"), strike2_timeout: durationMs.prefault("15m") })
  .transform((raw) => ({ strike1TimeoutMs: raw.strike1_timeout, strike2TimeoutMs: raw.strike2_timeout }));

const Escalation = z
  .strictObject({ webhook: httpUrl.optional() })
  .transform((raw) => ({ webhookUrl: raw.webhook }));

const SymptomMapping = z
  .strictObject({
    match: z
      .record(
        z.string(),
        z.string(expecting("a label value")),
        expecting("a mapping of label names to values"),
      )
      .refine((match) => Object.keys(match).length > 0, { message: "expected at least one label to match" }),
    pattern: z.enum(SEED_PATTERNS.map((pattern) => pattern.name) as [string, ...string[]]),
    symptom: z.string(expecting("a symptom name")),
  })
  .superRefine((raw, ctx) => {
    const pattern = SEED_PATTERNS.find((p) => p.name === raw.pattern);
    if (pattern === undefined || pattern.symptoms.includes(raw.symptom)) return;
    ctx.addIssue({
      code: "custom",
      input: raw.symptom,
      path: ["symptom"],
      message: `expected one of ${pattern.symptoms.join(", ")}, got ${describeInput(raw.symptom)}`,
    });
  });

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
    services: Services.default([]),
    remedies: z.array(Remedy).default([]),
    strikes: Strikes.prefault({}),
    escalation: Escalation.prefault({}),
    // Prometheus rule files, paths or globs relative to the config file.
    rule_files: z
      .array(z.string(expecting("a path or glob")).min(1, expecting("a path or glob")))
      .default([]),
    symptoms: z.array(SymptomMapping).default([]),
  })
  .superRefine((raw, ctx) => {
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
  }, REPORT_WITH_OTHER_PROBLEMS)
  .transform((raw) => ({
    project: raw.project,
    environment: raw.environment,
    listen: raw.listen,
    dataDir: raw.data_dir,
    services: raw.services,
    remedies: raw.remedies,
    strikes: raw.strikes,
    escalation: raw.escalation,
    ruleFiles: raw.rule_files,
    symptoms: raw.symptoms,
  }));

export type OrbtConfig = z.output<typeof OrbtConfig>;
export type ServiceConfig = OrbtConfig["services"][number];
export type CheckConfig = ServiceConfig["checks"][number];
export type RemedyConfig = OrbtConfig["remedies"][number];
export type SymptomMappingConfig = OrbtConfig["symptoms"][number];
