import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "../../config/config-problem.js";
import { parseConfigText } from "../../config/parse-config-text.js";

// The config keys the rules feature adds: `rule_files:`, `rules:` and `symptoms:`.
describe("rule_files and symptoms config keys", () => {
  it("reads rule files as written and symptom mappings", () => {
    const result = parseConfigText(
      `rule_files: [rules/*.yml, alerts.yml]
symptoms:
  - match: { alertname: HighLatency, severity: page }
    pattern: performance_issues
    symptom: high_response_times
`,
      "orbt.yaml",
    );
    expect(result.ok && { ruleFiles: result.value.ruleFiles, symptoms: result.value.symptoms }).toEqual({
      ruleFiles: ["rules/*.yml", "alerts.yml"],
      symptoms: [
        {
          match: { alertname: "HighLatency", severity: "page" },
          pattern: "performance_issues",
          symptom: "high_response_times",
        },
      ],
    });
  });

  it("defaults both to empty lists", () => {
    const result = parseConfigText("project: shop\n", "orbt.yaml");
    expect(result.ok && [result.value.ruleFiles, result.value.symptoms]).toEqual([[], []]);
  });

  it("rejects unknown patterns and symptoms outside their pattern, with lines", () => {
    const result = parseConfigText(
      `symptoms:
  - match: { alertname: A }
    pattern: slowness
    symptom: high_response_times
  - match: { alertname: B }
    pattern: uptime_problems
    symptom: memory_leaks
  - match: {}
    pattern: uptime_problems
    symptom: DNS_problems
`,
      "orbt.yaml",
    );
    expect(result.ok ? [] : result.error.map(formatConfigProblem)).toEqual([
      'orbt.yaml:3 symptoms[0].pattern: expected one of deployment_failures, performance_issues, uptime_problems, got "slowness"',
      'orbt.yaml:7 symptoms[1].symptom: expected one of service_unavailable, health_check_failures, load_balancer_issues, DNS_problems, got "memory_leaks"',
      "orbt.yaml:8 symptoms[2].match: expected at least one label to match",
    ]);
  });
});

describe("rules config key", () => {
  it("reads the for-state restore settings, defaulting to Prometheus's 1h and 10m", () => {
    const set = parseConfigText("rules: { for_outage_tolerance: 2h, for_grace_period: 30s }\n", "orbt.yaml");
    const unset = parseConfigText("rules: {}\n", "orbt.yaml");
    expect([set.ok && set.value.rules, unset.ok && unset.value.rules]).toEqual([
      { forOutageToleranceMs: 7_200_000, forGracePeriodMs: 30_000 },
      { forOutageToleranceMs: 3_600_000, forGracePeriodMs: 600_000 },
    ]);
  });

  it("rejects what is not a duration, and unknown keys, with lines", () => {
    const result = parseConfigText(
      "rules:\n  for_outage_tolerance: forever\n  resend_delay: 1m\n",
      "orbt.yaml",
    );
    expect(result.ok ? [] : result.error.map(formatConfigProblem)).toEqual([
      'orbt.yaml:2 rules.for_outage_tolerance: expected a duration like 5s, got "forever"',
      'orbt.yaml:3 rules.resend_delay: unknown key "resend_delay"',
    ]);
  });
});
