import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CONFIG_FIELDS,
  defaultHttpCheck,
  defaultService,
} from "../../test/support/default-config.js";
import { type ConfigProblem, formatConfigProblem } from "./config-problem.js";
import type { OrbtConfig } from "./orbt-config.js";
import { parseConfigText } from "./parse-config-text.js";

function parseValid(text: string, fileName = "/etc/orbt/orbt.yaml"): OrbtConfig {
  const parsed = parseConfigText(text, fileName);
  if (!parsed.ok)
    throw new Error(`expected a valid config, got ${parsed.error.map(formatConfigProblem).join("; ")}`);
  return parsed.value;
}

function problemsOf(text: string): ConfigProblem[] {
  const parsed = parseConfigText(text, "orbt.yaml");
  if (parsed.ok) throw new Error("expected problems, the config parsed");
  return parsed.error;
}

function problemLinesOf(text: string): string[] {
  return problemsOf(text).map(formatConfigProblem);
}

const FULL_CONFIG = `project: shop
environment: prod
listen: "[::1]:7070"
data_dir: ./state
services:
  - name: web
    platform: systemd
    checks:
      - http: http://127.0.0.1:18080/healthz
        interval: 1s
        timeout: 500ms
        fail_after: 3
        latency_threshold: 200ms
        via: load_balancer
      - tcp: 127.0.0.1:5432
        interval: 1h30m
        latency_threshold: 0s
      - dns: { name: db.shop.internal, server: "127.0.0.1:5353", addresses: [10.0.0.5] }
    depends_on: [db.primary_1]
    heartbeat: { every: 30s, missed: 2 }
    scale: large
    criticality: critical
    sla: { availability: 99.95, latency_p99: 300ms }
    cost_per_hour_down: 1200
  - name: db.primary_1
    platform: docker
    request_rate: sum(rate(pg_stat_database_xact_commit[5m]))
    container: db1
  - name: api
    platform: kubernetes
    deployment: shop-api
    namespace: shop
    max_replicas: 6
    scale_step: 2
    deploy_hook: { url: "https://hooks.example.org/deploy", rollback_url: "https://hooks.example.org/deploy?ref={version}" }
  - name: worker
    platform: systemd
    unit: worker@1.service
remedies:
  - solution: service_restart
    service: web
    exec: [systemctl, restart, web]
    timeout: 20s
    verify_for: 2s
    dry_run: true
    approval: required
  - solution: resource_scaling
    service: api
  - solution: service_restart
  - solution: DNS_refresh
    http:
      url: https://127.0.0.1:9000/flush
      method: PUT
      timeout: 3s
  - solution: drain_queue
    exec: [queuectl, drain]
patterns:
  - name: queue_backlog
    symptoms: [queue_depth_high]
    strike1_solutions: [drain_queue, service_restart]
    strike2_alternatives: [failover_activation]
    escalation_triggers: [SLA_breach]
strikes: { strike1_timeout: 2m, strike2_timeout: 1h }
automation:
  mode: dry_run
  cooldown: 0s
  max_runs: { count: 5, window: 2h }
  budget: { actions: 50, window: 30m }
  concurrency: { per_service: 2, total: 8 }
  flapping: { changes: 4, window: 5m }
  approval_timeout: 30m
maintenance:
  - { services: [web], cron: "0 2 * * 0", duration: 1h }
escalation:
  webhook: http://127.0.0.1:9099/escalations
  triggers:
    SLA_breach: { burn_rate: 6, long_window: 6h, short_window: 30m }
    extended_downtime: { max_downtime: 30m }
    repeated_deployment_failures: false
    cascading_system_failure: { services: 4 }
    business_critical_service_failure: true
reports:
  - { name: daily, schedule: "0 8 * * *", window: 24h, receivers: [hook, mail] }
  - { schedule: "0 9 * * 1", receivers: [chat] }
notify:
  receivers:
    - name: hook
      webhook:
        url: http://127.0.0.1:9100/hook
        headers: { authorization: Bearer abc }
        body: { text: "{{summary}}", at: "{{at}}" }
    - { name: chat, slack: { url: "https://hooks.slack.com/services/T0/B0/x" } }
    - { name: pager, pagerduty: { routing_key: r0ut1ng } }
    - name: mail
      email: { smtp: "smtp://127.0.0.1:2525", from: "Orbt <orbt@example.org>", to: [oncall@example.org] }
  routes:
    - match: { service: web, urgency: critical }
      match_re: { pattern: "uptime_.*" }
      events: [opened, escalated, resolved]
      receivers: [pager, chat]
    - receivers: [hook, mail]
  retry: { attempts: 4, backoff: 2s, max_backoff: 1m }
  timeout: 5s
deploys: { timeout: 20m, verify_for: 2m }
knowledge:
  scale_bands: { medium: 10, large: 200 }
  measure_every: 30s
  rate_window: 2m
default_rules:
  interval: 30s
  cpu_spikes: { threshold: 0.8, window: 2m, for: 10m }
  memory_leaks: false
  resource_exhaustion: { threshold: 0.95, for: 1m }
  load_balancer_issues: { threshold: 0.1, window: 1m, for: 30s }
shutdown_grace: 30s
retention: 6h
host: web-1
upstream: { url: "https://central.example.org:7070", token: s3cret }
fleet: { nats: "nats://127.0.0.1:4222", subject: shop.fleet, stream: SHOP_FLEET, durable: shop-central }
`;

describe("parseConfigText", () => {
  it("parses every key of a full config into the camelCase shape", () => {
    expect(parseValid(FULL_CONFIG)).toEqual({
      project: "shop",
      environment: "prod",
      listen: { host: "::1", port: 7070 },
      dataDir: "/etc/orbt/state",
      backup: null,
      ha: null,
      checkpoints: DEFAULT_CONFIG_FIELDS.checkpoints,
      services: [
        {
          name: "web",
          platform: "systemd",
          workload: { platform: "systemd", unit: "web" },
          deployHook: null,
          checks: [
            {
              kind: "http",
              url: "http://127.0.0.1:18080/healthz",
              intervalMs: 1_000,
              timeoutMs: 500,
              failAfter: 3,
              latencyThresholdMs: 200,
              via: "load_balancer",
            },
            {
              kind: "tcp",
              host: "127.0.0.1",
              port: 5432,
              intervalMs: 5_400_000,
              timeoutMs: 5_000,
              failAfter: 2,
              latencyThresholdMs: null,
              via: undefined,
            },
            {
              kind: "dns",
              name: "db.shop.internal",
              type: "A",
              server: { host: "127.0.0.1", port: 5353 },
              expected: ["10.0.0.5"],
              intervalMs: 10_000,
              timeoutMs: 5_000,
              failAfter: 2,
              latencyThresholdMs: 1_000,
              via: undefined,
            },
          ],
          scrape: [],
          dependsOn: ["db.primary_1"],
          heartbeat: { everyMs: 30_000, missed: 2 },
          scale: "large",
          requestRateQuery: undefined,
          criticality: "critical",
          sla: { availabilityPercent: 99.95, latencyP99Ms: 300 },
          costPerHourDown: 1200,
          faults: {},
        },
        {
          name: "db.primary_1",
          platform: "docker",
          workload: { platform: "docker", container: "db1" },
          deployHook: null,
          checks: [],
          scrape: [],
          dependsOn: [],
          heartbeat: undefined,
          scale: undefined,
          requestRateQuery: "sum(rate(pg_stat_database_xact_commit[5m]))",
          criticality: "medium",
          sla: undefined,
          costPerHourDown: undefined,
          faults: {},
        },
        {
          name: "api",
          platform: "kubernetes",
          workload: {
            platform: "kubernetes",
            deployment: "shop-api",
            namespace: "shop",
            maxReplicas: 6,
            scaleStep: 2,
          },
          deployHook: {
            url: "https://hooks.example.org/deploy",
            rollbackUrl: "https://hooks.example.org/deploy?ref={version}",
          },
          checks: [],
          scrape: [],
          dependsOn: [],
          heartbeat: undefined,
          scale: undefined,
          requestRateQuery: undefined,
          criticality: "medium",
          sla: undefined,
          costPerHourDown: undefined,
          faults: {},
        },
        {
          name: "worker",
          platform: "systemd",
          workload: { platform: "systemd", unit: "worker@1.service" },
          deployHook: null,
          checks: [],
          scrape: [],
          dependsOn: [],
          heartbeat: undefined,
          scale: undefined,
          requestRateQuery: undefined,
          criticality: "medium",
          sla: undefined,
          costPerHourDown: undefined,
          faults: {},
        },
      ],
      remedies: [
        {
          solution: "service_restart",
          service: "web",
          action: { kind: "exec", argv: ["systemctl", "restart", "web"] },
          timeoutMs: 20_000,
          verifyForMs: 2_000,
          isDryRun: true,
          approval: "required",
        },
        {
          solution: "resource_scaling",
          service: "api",
          action: {
            kind: "kubectl",
            scale: { deployment: "shop-api", namespace: "shop", step: 2, maxReplicas: 6 },
          },
          timeoutMs: 30_000,
          verifyForMs: undefined,
          isDryRun: false,
        },
        // Named by its solution alone: one remedy per service with a preset for it, in their order.
        ...[
          { service: "web", kind: "systemd", argv: ["systemctl", "restart", "web"] },
          { service: "db.primary_1", kind: "docker", argv: ["docker", "restart", "db1"] },
          {
            service: "api",
            kind: "kubectl",
            argv: ["kubectl", "rollout", "restart", "deployment/shop-api", "-n", "shop"],
          },
          { service: "worker", kind: "systemd", argv: ["systemctl", "restart", "worker@1.service"] },
        ].map(({ service, kind, argv }) => ({
          solution: "service_restart",
          service,
          action: { kind, argv },
          timeoutMs: 30_000,
          verifyForMs: undefined,
          isDryRun: false,
        })),
        {
          solution: "DNS_refresh",
          service: undefined,
          action: { kind: "http", url: "https://127.0.0.1:9000/flush", method: "PUT", timeoutMs: 3_000 },
          timeoutMs: 30_000,
          verifyForMs: undefined,
          isDryRun: false,
          approval: undefined,
        },
        {
          solution: "drain_queue",
          service: undefined,
          action: { kind: "exec", argv: ["queuectl", "drain"] },
          timeoutMs: 30_000,
          verifyForMs: undefined,
          isDryRun: false,
        },
      ],
      patterns: [
        {
          name: "queue_backlog",
          symptoms: ["queue_depth_high"],
          strike1Solutions: ["drain_queue", "service_restart"],
          strike2Alternatives: ["failover_activation"],
          escalationTriggers: ["SLA_breach"],
        },
      ],
      strikes: { strike1TimeoutMs: 120_000, strike2TimeoutMs: 3_600_000 },
      notify: {
        receivers: [
          {
            name: "hook",
            target: {
              kind: "webhook",
              url: "http://127.0.0.1:9100/hook",
              headers: { authorization: "Bearer abc" },
              body: { text: "{{summary}}", at: "{{at}}" },
            },
          },
          { name: "chat", target: { kind: "slack", url: "https://hooks.slack.com/services/T0/B0/x" } },
          {
            name: "pager",
            target: {
              kind: "pagerduty",
              routingKey: "r0ut1ng",
              url: "https://events.pagerduty.com/v2/enqueue",
            },
          },
          {
            name: "mail",
            target: {
              kind: "email",
              smtp: "smtp://127.0.0.1:2525",
              from: "Orbt <orbt@example.org>",
              to: ["oncall@example.org"],
            },
          },
          {
            name: "escalation.webhook",
            target: {
              kind: "webhook",
              url: "http://127.0.0.1:9099/escalations",
              headers: {},
              body: "{{report}}",
            },
          },
        ],
        routes: [
          {
            match: { service: "web", urgency: "critical" },
            matchRe: { pattern: /^(?:uptime_.*)$/ },
            events: ["opened", "escalated", "resolved"],
            receivers: ["pager", "chat"],
          },
          {
            match: {},
            matchRe: {},
            events: ["opened", "action_taken", "awaiting_approval", "escalated", "resolved"],
            receivers: ["hook", "mail"],
          },
          { match: {}, matchRe: {}, events: ["escalated"], receivers: ["escalation.webhook"] },
        ],
        retry: { attempts: 4, backoffMs: 2_000, maxBackoffMs: 60_000 },
        timeoutMs: 5_000,
      },
      maintenance: [{ services: ["web"], cron: "0 2 * * 0", durationMs: 3_600_000 }],
      automation: {
        mode: "dry_run",
        cooldownMs: 0,
        maxRuns: { count: 5, windowMs: 7_200_000 },
        budget: { actions: 50, windowMs: 1_800_000 },
        concurrency: { perService: 2, total: 8 },
        flapping: { changes: 4, windowMs: 300_000 },
        approvalTimeoutMs: 1_800_000,
      },
      deploys: { timeoutMs: 1_200_000, verifyForMs: 120_000 },
      knowledge: {
        scaleBands: { mediumFrom: 10, largeFrom: 200 },
        measureEveryMs: 30_000,
        rateWindowMs: 120_000,
      },
      triggers: {
        SLA_breach: { burnRate: 6, longWindowMs: 21_600_000, shortWindowMs: 1_800_000 },
        extended_downtime: { maxDowntimeMs: 1_800_000 },
        repeated_deployment_failures: null,
        cascading_system_failure: { services: 4, windowMs: 300_000 },
        business_critical_service_failure: {},
        critical_production_outage: {},
      },
      shutdownGraceMs: 30_000,
      retentionMs: 21_600_000,
      ruleFiles: [],
      rules: { forOutageToleranceMs: 3_600_000, forGracePeriodMs: 600_000 },
      defaultRules: {
        interval: 30_000,
        cpu_spikes: { threshold: 0.8, window: 120_000, for: 600_000 },
        memory_leaks: { enabled: false, growth_per_hour: 67_108_864, window: 1_800_000, for: 1_800_000 },
        resource_exhaustion: { threshold: 0.95, for: 60_000 },
        load_balancer_issues: { threshold: 0.1, window: 60_000, for: 30_000 },
      },
      symptoms: [],
      reports: [
        { name: "daily", schedule: "0 8 * * *", windowMs: 86_400_000, receivers: ["hook", "mail"] },
        { name: "every 0 9 * * 1", schedule: "0 9 * * 1", windowMs: 86_400_000, receivers: ["chat"] },
      ],
      drills: { isAllowedInProd: false, schedules: [] },
      host: "web-1",
      upstream: {
        transport: "http",
        url: "https://central.example.org:7070",
        token: "s3cret",
        tokenFile: null,
        maxBackoffMs: 30_000,
      },
      fleet: {
        servers: "nats://127.0.0.1:4222",
        subject: "shop.fleet",
        stream: "SHOP_FLEET",
        durable: "shop-central",
      },
    });
  });

  it("fills every default", () => {
    const text = [
      "services:",
      "  - name: web",
      "    checks:",
      "      - http: http://127.0.0.1:1/",
      "remedies:",
      "  - solution: cache_clearing",
      '    exec: ["true"]',
    ].join("\n");
    const config = parseValid(text);
    expect(config).toEqual({
      project: "orbt",
      environment: "dev",
      listen: { host: "127.0.0.1", port: 7070 },
      dataDir: "/etc/orbt/data",
      services: [defaultService("web", [defaultHttpCheck("http://127.0.0.1:1/")])],
      remedies: [
        {
          solution: "cache_clearing",
          service: undefined,
          action: { kind: "exec", argv: ["true"] },
          timeoutMs: 30_000,
          verifyForMs: undefined,
          isDryRun: false,
          approval: undefined,
        },
      ],
      ...DEFAULT_CONFIG_FIELDS,
    });
  });

  it("reads an empty file as all defaults", () => {
    const config = parseValid("# nothing configured yet\n");
    expect(config.services).toEqual([]);
    expect(config.remedies).toEqual([]);
    expect(config.listen).toEqual({ host: "127.0.0.1", port: 7070 });
  });

  it("resolves data_dir against the config file's directory", () => {
    expect(parseValid("data_dir: ../var/orbt\n", "/etc/orbt/orbt.yaml").dataDir).toBe("/etc/var/orbt");
    expect(parseValid("data_dir: /srv/orbt\n", "/etc/orbt/orbt.yaml").dataDir).toBe("/srv/orbt");
    expect(parseValid("{}\n", "conf/orbt.yaml").dataDir).toBe(resolve("conf", "data"));
  });

  it("caps the default check timeout at a shorter interval", () => {
    const config = parseValid(
      "services:\n  - name: web\n    checks:\n      - tcp: localhost:80\n        interval: 2s\n",
    );
    expect(config.services[0]?.checks[0]?.timeoutMs).toBe(2_000);
  });

  it("accepts a timeout equal to the interval", () => {
    const config = parseValid(
      "services:\n  - name: web\n    checks:\n      - tcp: localhost:80\n        interval: 2s\n        timeout: 2s\n",
    );
    expect(config.services[0]?.checks[0]?.timeoutMs).toBe(2_000);
  });

  it("reports a bad duration at its line with its path", () => {
    const text = [
      "services:",
      "  - name: web",
      "    checks:",
      "      - http: http://127.0.0.1:18080/healthz",
      "        interval: fast",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      {
        code: "invalid_value",
        file: "orbt.yaml",
        line: 5,
        path: "services[0].checks[0].interval",
        message: 'expected a duration like 5s, got "fast"',
      },
    ]);
  });

  it("rejects a number and a zero where a duration belongs", () => {
    expect(problemLinesOf("strikes:\n  strike1_timeout: 5\n  strike2_timeout: 0s\n")).toEqual([
      "orbt.yaml:2 strikes.strike1_timeout: expected a duration like 5s, got 5",
      "orbt.yaml:3 strikes.strike2_timeout: expected a duration above 0",
    ]);
  });

  it("reports bad report schedules, unknown receivers, receivers that cannot carry a report and bad SLAs at their lines", () => {
    const text = [
      "notify:",
      "  receivers:",
      "    - { name: pager, pagerduty: { routing_key: k } }",
      "reports:",
      '  - { schedule: "every day", window: 0s, receivers: [pager, nobody] }',
      "  - { window: 24h }",
      "services:",
      "  - { name: web }",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      'orbt.yaml:5 reports[0].schedule: expected a cron expression like "0 2 * * 0" (minute hour day month weekday, seconds optional first), got "every day"',
      "orbt.yaml:5 reports[0].window: expected a duration above 0",
      'orbt.yaml:5 reports[0].receivers[0]: receiver "pager" is a pagerduty receiver, which cannot carry a report; name a webhook, slack, or email receiver',
      'orbt.yaml:5 reports[0].receivers[1]: no receiver named "nobody" is configured in notify.receivers',
      "orbt.yaml:6 reports[1].schedule: required",
    ]);
  });

  it("reports bad automation settings at their lines", () => {
    const text = [
      "automation:",
      "  mode: careful",
      "  cooldown: -1m",
      "  max_runs: { count: 0, window: 0s }",
      "  budget: 20",
      "  concurrency: { per_service: 2 }",
      "  approval_timeout: soon",
      "remedies:",
      "  - solution: service_restart",
      '    exec: ["true"]',
      "    dry_run: yes please",
      "    approval: maybe",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      'orbt.yaml:2 automation.mode: expected live or dry_run, got "careful"',
      'orbt.yaml:3 automation.cooldown: expected a duration like 5s, got "-1m"',
      "orbt.yaml:4 automation.max_runs.count: expected an integer >= 1, got 0",
      "orbt.yaml:4 automation.max_runs.window: expected a duration above 0",
      "orbt.yaml:5 automation.budget: expected a mapping, got 20",
      'orbt.yaml:7 automation.approval_timeout: expected a duration like 5s, got "soon"',
      'orbt.yaml:11 remedies[0].dry_run: expected true or false, got "yes please"',
      'orbt.yaml:12 remedies[0].approval: expected required or none, got "maybe"',
    ]);
    expect(
      problemLinesOf(
        [
          "services: [{ name: web }]",
          "maintenance:",
          '  - { services: [web], cron: "0 2 * * 8", duration: 1h }',
          '  - { services: [api], cron: "@sometimes", duration: 0s }',
          "  - { services: [], cron: 5, duration: 1h }",
        ].join("\n"),
      ),
    ).toEqual([
      'orbt.yaml:3 maintenance[0].cron: expected a cron expression like "0 2 * * 0" (minute hour day month weekday, seconds optional first), got "0 2 * * 8"',
      'orbt.yaml:4 maintenance[1].cron: expected a cron expression like "0 2 * * 0" (minute hour day month weekday, seconds optional first), got "@sometimes"',
      "orbt.yaml:4 maintenance[1].duration: expected a duration above 0",
      'orbt.yaml:4 maintenance[1].services[0]: no service named "api" is configured',
      "orbt.yaml:5 maintenance[2].services: expected at least one service",
      'orbt.yaml:5 maintenance[2].cron: expected a cron expression like "0 2 * * 0", got 5',
    ]);
    expect(problemLinesOf("automation:\n  concurrency: { per_service: 5, total: 4 }\n")).toEqual([
      "orbt.yaml:2 automation.concurrency.per_service: expected at most concurrency.total (4), got 5",
    ]);
  });

  it("reports unknown keys at any depth, one problem each", () => {
    const text = [
      "projct: shop",
      "services:",
      "  - name: web",
      "    checks:",
      "      - http: http://127.0.0.1:1/",
      "        intervl: 1s",
      "        timout: 1s",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      { code: "unknown_key", file: "orbt.yaml", line: 1, path: "projct", message: 'unknown key "projct"' },
      {
        code: "unknown_key",
        file: "orbt.yaml",
        line: 6,
        path: "services[0].checks[0].intervl",
        message: 'unknown key "intervl"',
      },
      {
        code: "unknown_key",
        file: "orbt.yaml",
        line: 7,
        path: "services[0].checks[0].timout",
        message: 'unknown key "timout"',
      },
    ]);
  });

  it("reports a missing key at the line of its nearest ancestor", () => {
    const text = [
      "services:",
      "  - name: web",
      "  - platform: docker",
      "remedies:",
      "  - exec: [true]",
      "    http: {}",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      { code: "required", file: "orbt.yaml", line: 3, path: "services[1].name", message: "required" },
      { code: "required", file: "orbt.yaml", line: 5, path: "remedies[0].solution", message: "required" },
      {
        code: "invalid_value",
        file: "orbt.yaml",
        line: 5,
        path: "remedies[0].exec[0]",
        message: "expected a non-empty string, got true",
      },
      { code: "required", file: "orbt.yaml", line: 6, path: "remedies[0].http.url", message: "required" },
    ]);
  });

  it("names the allowed values of an enum", () => {
    expect(problemLinesOf("project: shop\nenvironment: qa\n")).toEqual([
      'orbt.yaml:2 environment: expected one of dev, staging, prod, got "qa"',
    ]);
    expect(problemLinesOf("services:\n  - name: web\n    platform: nomad\n")).toEqual([
      'orbt.yaml:3 services[0].platform: expected one of exec, systemd, docker, kubernetes, got "nomad"',
    ]);
  });

  it("reports a bad scale, request rate or scale bands at their lines", () => {
    const text = [
      "services:",
      "  - name: web",
      "    scale: huge",
      "  - name: api",
      "    request_rate: sum(rate(x[5m])",
      "knowledge:",
      "  scale_bands: { medium: 100, large: 50 }",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      expect.stringMatching(
        /^orbt\.yaml:3 services\[0\]\.scale: expected small, medium or large, got "huge"/,
      ),
      expect.stringMatching(/^orbt\.yaml:5 services\[1\]\.request_rate: not PromQL: /),
      "orbt.yaml:7 knowledge.scale_bands.large: expected more than scale_bands.medium (100), got 50",
    ]);
  });

  it("validates a remedy's solution against the seed catalog and the config's own patterns", () => {
    const [problem] = problemsOf('remedies:\n  - solution: reboot\n    exec: ["reboot"]\n');
    expect(problem?.line).toBe(2);
    expect(problem?.path).toBe("remedies[0].solution");
    expect(problem?.message).toMatch(
      /^no pattern names the solution "reboot": expected one of retry_deployment, .*, emergency_maintenance, or a pattern of patterns: naming it$/,
    );
    const own = [
      "patterns:",
      "  - name: host_trouble",
      "    symptoms: [kernel_panic]",
      "    strike1_solutions: [reboot]",
      "remedies:",
      "  - solution: reboot",
      '    exec: ["reboot"]',
    ].join("\n");
    expect(parseValid(own).remedies[0]?.solution).toBe("reboot");
  });

  it("reports problems of the config's own patterns at their lines", () => {
    const text = [
      "patterns:",
      "  - name: uptime_problems",
      "    symptoms: [x]",
      "    strike1_solutions: [a]",
      "  - name: queue_backlog",
      "    symptoms: [queue_depth_high]",
      "    strike1_solutions: [drain-queue]",
      "    escalation_triggers: [SLA_breach, pager_storm]",
      "  - name: queue_backlog",
      "    symptoms: [consumer_lag]",
      "    strike2_alternatives: [scale_consumers]",
      "  - name: empty",
      "    symptoms: []",
      "symptoms:",
      "  - match: { alertname: QueueDeep }",
      "    pattern: queue_backlog",
      "    symptom: queue_depth_high",
      "  - match: { alertname: Lag }",
      "    pattern: queues",
      "    symptom: lag",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      'orbt.yaml:2 patterns[0].name: duplicate pattern name "uptime_problems": a seed pattern has it',
      'orbt.yaml:7 patterns[1].strike1_solutions[0]: expected 1-64 characters of A-Z a-z 0-9 _, starting with a letter, got "drain-queue"',
      expect.stringMatching(
        /^orbt\.yaml:8 patterns\[1\]\.escalation_triggers\[1\]: expected one of SLA_breach, .*critical_production_outage, got "pager_storm"$/,
      ),
      'orbt.yaml:9 patterns[2].name: duplicate pattern name "queue_backlog", first used by patterns[1]',
      "orbt.yaml:13 patterns[3].symptoms: expected at least one symptom",
      expect.stringMatching(
        /^orbt\.yaml:19 symptoms\[1\]\.pattern: expected one of deployment_failures, .*, queue_backlog, empty, got "queues"$/,
      ),
    ]);
  });

  it("rejects duplicate service names at the repeat", () => {
    const text = "services:\n  - name: web\n  - name: db\n  - name: web\n";
    expect(problemLinesOf(text)).toEqual([
      'orbt.yaml:4 services[2].name: duplicate service name "web", first used by services[0]',
    ]);
  });

  it("rejects a remedy naming a service that is not configured", () => {
    const text = [
      "services:",
      "  - name: web",
      "remedies:",
      "  - solution: service_restart",
      "    service: api",
      "    exec: [systemctl, restart, api]",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      {
        code: "invalid_value",
        file: "orbt.yaml",
        line: 5,
        path: "remedies[0].service",
        message: 'no service named "api" is configured',
      },
    ]);
  });

  it("reports duplicates and unknown services alongside other problems", () => {
    const text = [
      "services:",
      "  - name: web",
      "    checks:",
      "      - tcp: 127.0.0.1:1",
      "        interval: fast",
      "  - name: web",
      "    platfrom: docker",
      "  - name: 42",
      "remedies:",
      "  - solution: service_restart",
      "    service: api",
      "    exec: [systemctl, restart, api]",
      "  - solution: service_restart",
      "    service: web",
      "    exec: systemctl restart web",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      'orbt.yaml:5 services[0].checks[0].interval: expected a duration like 5s, got "fast"',
      'orbt.yaml:6 services[1].name: duplicate service name "web", first used by services[0]',
      'orbt.yaml:7 services[1].platfrom: unknown key "platfrom"',
      "orbt.yaml:8 services[2].name: expected a name, got 42",
      'orbt.yaml:11 remedies[0].service: no service named "api" is configured',
      'orbt.yaml:15 remedies[1].exec: expected a non-empty list of strings (argv), got "systemctl restart web"',
    ]);
  });

  it("rejects a document that is not a mapping without tripping the cross-field checks", () => {
    expect(problemLinesOf("just text\n")).toEqual(['orbt.yaml:1: expected a mapping, got "just text"']);
  });

  it.each([
    ["127.0.0.1", '"127.0.0.1"'],
    ["127.0.0.1:99999", '"127.0.0.1:99999"'],
    ["::1:7070", '"::1:7070"'],
    ["7070", "7070"],
  ])("rejects listen address %s", (listen, shown) => {
    expect(problemLinesOf(`project: shop\nlisten: ${listen}\n`)).toEqual([
      `orbt.yaml:2 listen: expected host:port like 127.0.0.1:7070, got ${shown}`,
    ]);
  });

  it("parses a tcp check and rejects a bad tcp address", () => {
    const config = parseValid("services:\n  - name: db\n    checks:\n      - tcp: 127.0.0.1:5432\n");
    expect(config.services[0]?.checks).toEqual([
      {
        kind: "tcp",
        host: "127.0.0.1",
        port: 5432,
        intervalMs: 10_000,
        timeoutMs: 5_000,
        failAfter: 2,
        latencyThresholdMs: 1_000,
        via: undefined,
      },
    ]);
    expect(problemLinesOf("services:\n  - name: db\n    checks:\n      - tcp: 127.0.0.1\n")).toEqual([
      'orbt.yaml:4 services[0].checks[0].tcp: expected host:port like 127.0.0.1:7070, got "127.0.0.1"',
    ]);
  });

  it("wants exactly one of http and tcp in a check", () => {
    const text = [
      "services:",
      "  - name: web",
      "    checks:",
      "      - interval: 5s",
      "      - http: http://127.0.0.1:1/",
      "        tcp: 127.0.0.1:1",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      "orbt.yaml:4 services[0].checks[0]: expected exactly one of http, tcp, dns, tls, command, process",
      "orbt.yaml:5 services[0].checks[1]: expected exactly one of http, tcp, dns, tls, command, process",
    ]);
  });

  it("rejects a check URL that is not http(s)", () => {
    expect(
      problemLinesOf("services:\n  - name: web\n    checks:\n      - http: 127.0.0.1:80/healthz\n"),
    ).toEqual([
      'orbt.yaml:4 services[0].checks[0].http: expected an http(s) URL, got "127.0.0.1:80/healthz"',
    ]);
  });

  it("rejects a check timeout above its interval", () => {
    const text = [
      "services:",
      "  - name: web",
      "    checks:",
      "      - http: http://127.0.0.1:1/",
      "        interval: 1s",
      "        timeout: 1500ms",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      "orbt.yaml:6 services[0].checks[0].timeout: expected at most the interval 1s, got 1s500ms",
    ]);
  });

  it.each([
    ["0", "0"],
    ["1.5", "1.5"],
    ["two", '"two"'],
  ])("rejects fail_after %s", (failAfter, shown) => {
    const text = `services:\n  - name: web\n    checks:\n      - tcp: localhost:1\n        fail_after: ${failAfter}\n`;
    expect(problemLinesOf(text)).toEqual([
      `orbt.yaml:5 services[0].checks[0].fail_after: expected an integer >= 1, got ${shown}`,
    ]);
  });

  it("limits service names to 1-128 characters of [A-Za-z0-9._-]", () => {
    const message = "expected 1-128 characters of A-Z a-z 0-9 . _ -";
    expect(problemLinesOf('services:\n  - name: "web app"\n')).toEqual([
      `orbt.yaml:2 services[0].name: ${message}, got "web app"`,
    ]);
    expect(problemLinesOf(`services:\n  - name: ${"a".repeat(129)}\n`)).toEqual([
      `orbt.yaml:2 services[0].name: ${message}, got "${"a".repeat(129)}"`,
    ]);
    expect(problemLinesOf('services:\n  - name: ""\n')).toEqual([
      `orbt.yaml:2 services[0].name: ${message}, got ""`,
    ]);
    expect(parseValid(`services:\n  - name: ${"a".repeat(128)}\n`).services[0]?.name).toHaveLength(128);
  });

  it("wants exec as a non-empty argv list, never a shell string", () => {
    const text = [
      "remedies:",
      "  - solution: service_restart",
      "    exec: systemctl restart web",
      "  - solution: service_restart",
      "    exec: []",
      "  - solution: service_restart",
      "    exec: [systemctl, 5]",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      'orbt.yaml:3 remedies[0].exec: expected a non-empty list of strings (argv), got "systemctl restart web"',
      "orbt.yaml:5 remedies[1].exec: expected a non-empty list of strings (argv), got a list",
      "orbt.yaml:7 remedies[2].exec[1]: expected a non-empty string, got 5",
    ]);
  });

  it("wants at most one of exec and http in a remedy", () => {
    const text = [
      "remedies:",
      "  - solution: service_restart",
      "    exec: [systemctl, restart, web]",
      "    http: { url: http://127.0.0.1:1/ }",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual(["orbt.yaml:2 remedies[0]: expected at most one of exec, http"]);
  });

  it("defaults an http remedy to POST within the remedy's timeout", () => {
    const config = parseValid(
      "remedies:\n  - solution: failover_activation\n    timeout: 45s\n    http: { url: http://127.0.0.1:1/failover }\n",
    );
    expect(config.remedies[0]?.action).toEqual({
      kind: "http",
      url: "http://127.0.0.1:1/failover",
      method: "POST",
      timeoutMs: 45_000,
    });
    expect(
      problemLinesOf(
        "remedies:\n  - solution: failover_activation\n    http:\n      url: http://127.0.0.1:1/\n      method: FETCH\n",
      ),
    ).toEqual([
      'orbt.yaml:5 remedies[0].http.method: expected one of GET, POST, PUT, PATCH, DELETE, got "FETCH"',
    ]);
  });

  it("rejects an escalation webhook that is not a URL", () => {
    expect(problemLinesOf("escalation:\n  webhook: not a url\n")).toEqual([
      'orbt.yaml:2 escalation.webhook: expected an http(s) URL, got "not a url"',
    ]);
  });

  it("names the expected container when a value has the wrong type", () => {
    expect(problemLinesOf("services: web\nstrikes: 5m\nescalation:\n")).toEqual([
      'orbt.yaml:1 services: expected a list, got "web"',
      'orbt.yaml:2 strikes: expected a mapping, got "5m"',
      "orbt.yaml:3 escalation: expected a mapping, got null",
    ]);
    expect(problemLinesOf("- web\n- db\n")).toEqual(["orbt.yaml:1: expected a mapping, got a list"]);
  });

  it("reports every problem at once, ordered by line", () => {
    const text = [
      "services:",
      "  - name: web",
      "    checks:",
      "      - http: http://127.0.0.1:1/",
      "        interval: soon",
      "        colour: blue",
      "environment: test",
    ].join("\n");
    expect(problemsOf(text).map((problem) => problem.line)).toEqual([5, 6, 7]);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(problemsOf("project: shop\nlisten: [127.0.0.1:7070\ndata_dir: ./data\n")).toEqual([
      {
        code: "yaml_syntax",
        file: "orbt.yaml",
        line: 3,
        path: "",
        message: "Flow sequence in block collection must be sufficiently indented and end with a ]",
      },
    ]);
    expect(problemLinesOf("project: shop\nenvironment: dev\nproject: web\n")).toEqual([
      "orbt.yaml:3: Map keys must be unique",
    ]);
  });

  it("reports an alias to an undefined anchor instead of throwing", () => {
    expect(problemsOf("project: *name\n")).toEqual([
      {
        code: "yaml_syntax",
        file: "orbt.yaml",
        line: 0,
        path: "",
        message: "Unresolved alias (the anchor must be set before the alias): name",
      },
    ]);
  });

  it("validates the escalation triggers and the service keys they read, naming each problem's place", () => {
    const text = [
      "services:",
      "  - name: web",
      "    criticality: vital",
      "    sla: { availability: 100, latency_p99: fast }",
      "    cost_per_hour_down: -5",
      "  - name: api",
      "    sla: {}",
      "escalation:",
      "  triggers:",
      "    SLA_breach: { burn_rate: 0, short_window: 2h }",
      "    extended_downtime: maybe",
      "    cascading_system_failure: { services: 0, windows: 5m }",
      "    critical_production_outage: { at: once }",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      'orbt.yaml:3 services[0].criticality: expected critical, high, medium or low, got "vital"',
      "orbt.yaml:4 services[0].sla.availability: expected a percentage above 0 and below 100, like 99.9, got 100",
      'orbt.yaml:4 services[0].sla.latency_p99: expected a duration like 5s, got "fast"',
      "orbt.yaml:5 services[0].cost_per_hour_down: expected an amount >= 0, got -5",
      "orbt.yaml:7 services[1].sla: expected availability, latency_p99 or both",
      "orbt.yaml:10 escalation.triggers.SLA_breach.burn_rate: expected a burn rate above 0, like 14.4, got 0",
      'orbt.yaml:11 escalation.triggers.extended_downtime: expected true, false or a mapping, got "maybe"',
      "orbt.yaml:12 escalation.triggers.cascading_system_failure.services: expected an integer >= 1, got 0",
      'orbt.yaml:12 escalation.triggers.cascading_system_failure.windows: unknown key "windows"',
      'orbt.yaml:13 escalation.triggers.critical_production_outage.at: unknown key "at"',
    ]);
    const windows = "escalation: { triggers: { SLA_breach: { short_window: 2h } } }";
    expect(problemLinesOf(windows)).toEqual([
      "orbt.yaml:1 escalation.triggers.SLA_breach.short_window: expected below long_window 1h, got 2h",
    ]);
  });

  it("validates the detectors' keys, naming each problem's place", () => {
    const text = [
      "services:",
      "  - name: web",
      "    depends_on: [web, cache]",
      "    heartbeat: { missed: 0 }",
      "    checks:",
      "      - http: http://127.0.0.1:1/",
      "        timeout: 1s",
      "        latency_threshold: 1s",
      "      - tcp: 127.0.0.1:1",
      "        via: load_balancer",
      "      - dns: { name: -bad-, type: SOA }",
      "deploys: { timeout: 0s }",
      "default_rules: { cpu_spikes: { threshold: 2 }, memory_leaks: { growth_per_hour: lots } }",
    ].join("\n");
    expect(problemLinesOf(text)).toEqual([
      "orbt.yaml:3 services[0].depends_on[0]: expected another service, not itself",
      'orbt.yaml:3 services[0].depends_on[1]: no service named "cache" is configured',
      "orbt.yaml:4 services[0].heartbeat.every: required",
      "orbt.yaml:4 services[0].heartbeat.missed: expected an integer >= 1, got 0",
      "orbt.yaml:8 services[0].checks[0].latency_threshold: expected below the timeout 1s (0 turns it off), got 1s",
      "orbt.yaml:10 services[0].checks[1].via: expected only on an http check, not a tcp check",
      'orbt.yaml:11 services[0].checks[2].dns.name: expected a DNS name like api.example.com, got "-bad-"',
      'orbt.yaml:11 services[0].checks[2].dns.type: expected A, AAAA, CNAME, TXT, MX, NS, got "SOA"',
      "orbt.yaml:12 deploys.timeout: expected a duration above 0",
      "orbt.yaml:13 default_rules.cpu_spikes.threshold: expected a number from 0 to 1, got 2",
      'orbt.yaml:13 default_rules.memory_leaks.growth_per_hour: expected a size like 64MiB, got "lots"',
    ]);
  });

  it("turns the shipped rules off with false, all of them or one", () => {
    expect(parseValid("default_rules: false").defaultRules).toMatchObject({ enabled: false });
    expect(parseValid("default_rules: { cpu_spikes: false }").defaultRules.cpu_spikes).toMatchObject({
      enabled: false,
    });
  });
});
