import * as z from "zod";
import { durationMs, expecting, parsedText } from "../../config/field-schemas.js";
import { parseByteSize } from "../scrape/parse-byte-size.js";
import type { LoadedRuleGroup } from "./loaded-rule-group.js";
import { parseRuleFileText } from "./parse-rule-file-text.js";

/** What the shipped rules are reported as coming from, in the rules API and in errors. */
export const DEFAULT_RULES_FILE = "<default rules>";

const ratio = z.number(expecting("a number from 0 to 1")).min(0).max(1);

const byteSize = parsedText("a size like 64MiB", parseByteSize);

const ruleOff = z
  .literal(false)
  .optional()
  .describe("false turns the rule off, as writing false for its key does.");
const lasting = (duration: string) => durationMs.prefault(duration).describe("How long it must last.");

const CpuSpikes = z.strictObject(
  {
    enabled: ruleOff,
    threshold: ratio
      .default(0.9)
      .describe("The busy fraction: of one core for a process, of all cores for a node."),
    window: durationMs.prefault("1m").describe("The rate() window."),
    for: lasting("5m"),
  },
  expecting("false or a mapping"),
);

const MemoryLeaks = z.strictObject(
  {
    enabled: ruleOff,
    growth_per_hour: byteSize
      .prefault("64MiB")
      .describe("Growth per hour above which memory counts as leaking."),
    window: durationMs.prefault("30m").describe("The deriv() window."),
    for: lasting("30m"),
  },
  expecting("false or a mapping"),
);

const ResourceExhaustion = z.strictObject(
  {
    enabled: ruleOff,
    threshold: ratio.default(0.9).describe("The used fraction."),
    for: lasting("5m"),
  },
  expecting("false or a mapping"),
);

const LoadBalancerIssues = z.strictObject(
  {
    enabled: ruleOff,
    threshold: ratio.default(0.05).describe("The share of 5xx responses."),
    window: durationMs.prefault("5m").describe("The rate() window."),
    for: lasting("2m"),
  },
  expecting("false or a mapping"),
);

/** A rule key set to `false` becomes `{ enabled: false }`, so one object schema reports wrong keys by path. */
function offWhenFalse<T extends z.ZodType>(schema: T) {
  return z.preprocess((input) => (input === false ? { enabled: false } : input), schema);
}

/**
 * `default_rules:` the rules Orbt ships for the process and node-exporter series it scrapes (and load
 * balancer series), evaluated every `interval`; `false` turns them all off.
 */
export const DefaultRules = offWhenFalse(
  z.strictObject(
    {
      enabled: z
        .literal(false)
        .optional()
        .describe("false turns every shipped rule off, as default_rules: false does."),
      interval: durationMs.prefault("15s").describe("How often the shipped rules are evaluated."),
      cpu_spikes: offWhenFalse(CpuSpikes)
        .prefault({})
        .describe("CPU busy over threshold for for; false turns it off."),
      memory_leaks: offWhenFalse(MemoryLeaks)
        .prefault({})
        .describe("Resident memory growing steadily; false turns it off."),
      resource_exhaustion: offWhenFalse(ResourceExhaustion)
        .prefault({})
        .describe("File descriptors, disk or memory nearly used up; false turns it off."),
      load_balancer_issues: offWhenFalse(LoadBalancerIssues)
        .prefault({})
        .describe("A load balancer answering 5xx; false turns it off."),
    },
    expecting("false or a mapping"),
  ),
);

export type DefaultRulesConfig = z.output<typeof DefaultRules>;

const MS_PER_SECOND = 1000;
const SECONDS_PER_HOUR = 3600;

/** A duration as PromQL and rule files write it: whole seconds, or milliseconds below a second. */
function promDuration(ms: number): string {
  return ms % MS_PER_SECOND === 0 ? `${ms / MS_PER_SECOND}s` : `${ms}ms`;
}

type RuleText = {
  readonly alert: string;
  readonly expr: string;
  readonly for: number;
  readonly symptom: string;
  readonly pattern: string;
  readonly summary: string;
};

const NODE_FILESYSTEMS = 'fstype!~"tmpfs|ramfs|squashfs|nsfs|devtmpfs|overlay"';

function cpuSpikeRules(rule: z.output<typeof CpuSpikes>): RuleText[] {
  const window = promDuration(rule.window);
  const shared = { for: rule.for, pattern: "performance_issues", symptom: "CPU_spikes" };
  return [
    {
      ...shared,
      alert: "OrbtProcessCpuSpike",
      expr: `rate(process_cpu_seconds_total[${window}]) > ${rule.threshold}`,
      summary: "process CPU at {{ $value | humanizePercentage }} of a core",
    },
    {
      ...shared,
      alert: "OrbtNodeCpuSpike",
      expr: `1 - avg by (job, instance) (rate(node_cpu_seconds_total{mode="idle"}[${window}])) > ${rule.threshold}`,
      summary: "node CPU busy {{ $value | humanizePercentage }}",
    },
  ];
}

function memoryLeakRules(rule: z.output<typeof MemoryLeaks>): RuleText[] {
  const bytesPerSecond = rule.growth_per_hour / SECONDS_PER_HOUR;
  return [
    {
      alert: "OrbtProcessMemoryGrowth",
      expr: `deriv(process_resident_memory_bytes[${promDuration(rule.window)}]) > ${bytesPerSecond}`,
      for: rule.for,
      pattern: "performance_issues",
      symptom: "memory_leaks",
      summary: "resident memory growing {{ $value | humanize1024 }}B/s",
    },
  ];
}

function resourceExhaustionRules(rule: z.output<typeof ResourceExhaustion>): RuleText[] {
  const shared = { for: rule.for, pattern: "performance_issues", symptom: "resource_exhaustion" };
  const over = `> ${rule.threshold}`;
  return [
    {
      ...shared,
      alert: "OrbtProcessFdsExhausted",
      expr: `process_open_fds / process_max_fds ${over}`,
      summary: "{{ $value | humanizePercentage }} of the process's file descriptors in use",
    },
    {
      ...shared,
      alert: "OrbtNodeDiskFull",
      expr: `1 - node_filesystem_avail_bytes{${NODE_FILESYSTEMS}} / node_filesystem_size_bytes{${NODE_FILESYSTEMS}} ${over}`,
      summary: "{{ $labels.mountpoint }} {{ $value | humanizePercentage }} full",
    },
    {
      ...shared,
      alert: "OrbtNodeMemoryExhausted",
      expr: `1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes ${over}`,
      summary: "node memory {{ $value | humanizePercentage }} used",
    },
    {
      ...shared,
      alert: "OrbtNodeFdsExhausted",
      expr: `node_filefd_allocated / node_filefd_maximum ${over}`,
      summary: "{{ $value | humanizePercentage }} of the node's file descriptors in use",
    },
  ];
}

/** HAProxy's (built-in exporter and haproxy_exporter) and Traefik's response counters by status class. */
function loadBalancerRules(rule: z.output<typeof LoadBalancerIssues>): RuleText[] {
  const window = promDuration(rule.window);
  const ratioOf = (metric: string, errors: string) =>
    `sum by (job) (rate(${metric}{${errors}}[${window}])) / sum by (job) (rate(${metric}[${window}])) > ${rule.threshold}`;
  const shared = { for: rule.for, pattern: "uptime_problems", symptom: "load_balancer_issues" };
  return [
    {
      ...shared,
      alert: "OrbtHaproxy5xxRatio",
      expr: ratioOf("haproxy_backend_http_responses_total", 'code="5xx"'),
      summary: "{{ $value | humanizePercentage }} of HAProxy's backend responses are 5xx",
    },
    {
      ...shared,
      alert: "OrbtTraefik5xxRatio",
      expr: ratioOf("traefik_service_requests_total", 'code=~"5.."'),
      summary: "{{ $value | humanizePercentage }} of Traefik's responses are 5xx",
    },
  ];
}

/** The shipped rules a config turns on, as the text of a Prometheus rule file. */
export function formatDefaultRules(config: DefaultRulesConfig): string | undefined {
  if (config.enabled === false) return undefined;
  const rules = [
    ...(config.cpu_spikes.enabled === false ? [] : cpuSpikeRules(config.cpu_spikes)),
    ...(config.memory_leaks.enabled === false ? [] : memoryLeakRules(config.memory_leaks)),
    ...(config.resource_exhaustion.enabled === false
      ? []
      : resourceExhaustionRules(config.resource_exhaustion)),
    ...(config.load_balancer_issues.enabled === false ? [] : loadBalancerRules(config.load_balancer_issues)),
  ];
  if (rules.length === 0) return undefined;
  const lines = rules.flatMap((rule) => [
    `      - alert: ${rule.alert}`,
    `        expr: ${JSON.stringify(rule.expr)}`,
    `        for: ${promDuration(rule.for)}`,
    `        labels: { orbt_pattern: ${rule.pattern}, orbt_symptom: ${rule.symptom} }`,
    `        annotations: { summary: ${JSON.stringify(rule.summary)} }`,
  ]);
  return [
    "groups:",
    "  - name: orbt-default-rules",
    `    interval: ${promDuration(config.interval)}`,
    "    rules:",
    ...lines,
    "",
  ].join("\n");
}

/**
 * The shipped rules, parsed by the same code as a user's rule file so the parser vouches for them; none when
 * the config turns them off or no service has a scrape target to feed them.
 */
export function defaultRuleGroups(
  config: DefaultRulesConfig,
  services: readonly { readonly scrape: readonly unknown[] }[],
): LoadedRuleGroup[] {
  if (!services.some((service) => service.scrape.length > 0)) return [];
  const text = formatDefaultRules(config);
  if (text === undefined) return [];
  const parsed = parseRuleFileText(text, DEFAULT_RULES_FILE);
  if (!parsed.ok) throw new Error(`the default rules are invalid: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}
