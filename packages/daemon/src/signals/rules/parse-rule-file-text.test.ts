import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "../../config/config-problem.js";
import { parseRuleFileText } from "./parse-rule-file-text.js";

function problems(text: string): string[] {
  const result = parseRuleFileText(text, "rules.yml");
  return result.ok ? [] : result.error.map(formatConfigProblem);
}

describe("parseRuleFileText", () => {
  it("reads recording and alerting rules with their durations, labels and annotations", () => {
    const result = parseRuleFileText(
      `groups:
  - name: api
    interval: 30s
    rules:
      - record: job:errors:rate5m
        expr: sum by (job) (rate(errors_total[5m]))
      - alert: HighErrors
        expr: job:errors:rate5m > 1
        for: 5m
        keep_firing_for: 2m
        labels: { severity: page, orbt_pattern: performance_issues }
        annotations:
          summary: "{{ $labels.job }} errors at {{ $value }}"
  - name: plain
    rules: []
`,
      "rules.yml",
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [api, plain] = result.value;
    expect(api?.group).toMatchObject({ name: "api", intervalMs: 30_000, limit: 0 });
    expect(api?.group.rules.map((r) => [r.kind, r.name])).toEqual([
      ["recording", "job:errors:rate5m"],
      ["alerting", "HighErrors"],
    ]);
    expect(api?.group.rules[1]).toMatchObject({
      forMs: 300_000,
      keepFiringForMs: 120_000,
      labels: { severity: "page", orbt_pattern: "performance_issues" },
      annotations: { summary: "{{ $labels.job }} errors at {{ $value }}" },
    });
    expect(plain?.group).toMatchObject({ name: "plain", intervalMs: 60_000, rules: [] });
    expect(api?.file).toBe("rules.yml");
  });

  it("reports every problem with its file and line", () => {
    expect(
      problems(`groups:
  - name: a
    rules:
      - alert: Broken
        expr: rate(x[5m]
        for: soon
      - record: ok
        expr: up
        for: 5m
      - expr: up
  - name: a
    rules:
      - alert: X
        record: y
        expr: up
        colour: blue
`),
    ).toEqual([
      expect.stringMatching(
        /^rules\.yml:5 groups\[0\]\.rules\[0\]\.expr: could not parse expression: parse error/,
      ),
      'rules.yml:6 groups[0].rules[0].for: expected a duration like 5m, got "soon"',
      "rules.yml:9 groups[0].rules[1].for: invalid field 'for' in recording rule",
      "rules.yml:10 groups[0].rules[2]: one of 'record' or 'alert' must be set",
      'rules.yml:11 groups[1].name: groupname: "a" is repeated in the same file',
      "rules.yml:13 groups[1].rules[0]: only one of 'record' and 'alert' must be set",
      'rules.yml:16 groups[1].rules[0].colour: unknown key "colour"',
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(problems("groups:\n  - name: a\n    rules: [\n")).toEqual([
      expect.stringMatching(/^rules\.yml:\d+: /),
    ]);
  });
});
