import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "./config-problem.js";
import { parseConfigText } from "./parse-config-text.js";

function scrapeOf(yaml: string) {
  const parsed = parseConfigText(`services:\n  - name: web\n    scrape:\n${yaml}`, "orbt.yaml");
  if (!parsed.ok) throw new Error(parsed.error.map(formatConfigProblem).join("; "));
  return parsed.value.services[0]!.scrape;
}

function problemsOf(yaml: string): string[] {
  const parsed = parseConfigText(`services:\n  - name: web\n    scrape:\n${yaml}`, "orbt.yaml");
  if (parsed.ok) throw new Error("expected problems, the config parsed");
  return parsed.error.map(formatConfigProblem);
}

describe("services[].scrape", () => {
  it("defaults to no targets", () => {
    const parsed = parseConfigText("services:\n  - name: web\n", "orbt.yaml");
    expect(parsed.ok && parsed.value.services[0]!.scrape).toEqual([]);
  });

  it("fills Prometheus-like defaults: 15s interval, 10s timeout, no limits, honor_labels false", () => {
    expect(scrapeOf("      - url: http://127.0.0.1:9100/metrics\n")).toEqual([
      {
        url: "http://127.0.0.1:9100/metrics",
        intervalMs: 15_000,
        timeoutMs: 10_000,
        labels: {},
        honorLabels: false,
        sampleLimit: 0,
        bodySizeLimitBytes: 0,
      },
    ]);
  });

  it("reads every key", () => {
    const yaml = [
      "      - url: https://10.0.0.5:8443/metrics",
      "        interval: 30s",
      "        timeout: 20s",
      "        labels: { env: prod, team: core }",
      "        honor_labels: true",
      "        sample_limit: 5000",
      "        body_size_limit: 10MB",
      "      - url: http://127.0.0.1:9100/metrics",
      "        body_size_limit: 4096",
      "",
    ].join("\n");
    expect(scrapeOf(yaml)).toEqual([
      {
        url: "https://10.0.0.5:8443/metrics",
        intervalMs: 30_000,
        timeoutMs: 20_000,
        labels: { env: "prod", team: "core" },
        honorLabels: true,
        sampleLimit: 5000,
        bodySizeLimitBytes: 10_485_760,
      },
      expect.objectContaining({ bodySizeLimitBytes: 4096 }),
    ]);
  });

  it("caps the default timeout at a shorter interval", () => {
    expect(scrapeOf("      - url: http://127.0.0.1:9100/metrics\n        interval: 2s\n")[0]?.timeoutMs).toBe(
      2_000,
    );
  });

  it("refuses a timeout longer than the interval, at the timeout's line", () => {
    expect(
      problemsOf("      - url: http://127.0.0.1:9100/metrics\n        interval: 5s\n        timeout: 10s\n"),
    ).toEqual(["orbt.yaml:6 services[0].scrape[0].timeout: expected at most the interval 5s, got 10s"]);
  });

  it.each([
    ["url: ftp://x/metrics", "services[0].scrape[0].url: expected an http(s) URL"],
    ["url: http://x/m\n        labels: { __meta: x }", "labels.__meta: expected a label name of A-Z"],
    ["url: http://x/m\n        labels: { 1bad: x }", "labels.1bad: expected a label name"],
    [
      "url: http://x/m\n        sample_limit: -1",
      "services[0].scrape[0].sample_limit: expected an integer >= 0",
    ],
    ["url: http://x/m\n        body_size_limit: lots", "body_size_limit: expected a size like 10MB"],
    ["url: http://x/m\n        scrape_interval: 5s", "scrape_interval"],
  ])("refuses %j", (yaml, message) => {
    const problems = problemsOf(`      - ${yaml}\n`);
    expect(problems.join("\n")).toContain(message);
  });
});
