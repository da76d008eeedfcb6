import { join } from "node:path";
import {
  type DomainReport,
  type ReadinessAssessment,
  ReportNotification,
  type ReportResponse,
  type ReportsResponse,
} from "@orbt/core";
import { afterEach, describe, expect, it } from "vitest";
import { flakyServiceConfig } from "./support/config-yaml.js";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { type LocalHttpServer, startLocalHttpServer } from "./support/local-http-server.js";
import { getJson, killAfterEach, makeWorkDir, runOrbtd, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();
let service: FlakyService | undefined;
let hook: LocalHttpServer | undefined;

afterEach(async () => {
  await service?.close();
  await hook?.close();
  service = undefined;
  hook = undefined;
});

/** The reports the webhook received (it gets the incidents' notifications too), each parsed whole. */
function receivedReports(server: LocalHttpServer): ReportNotification[] {
  return server.received
    .map((request) => JSON.parse(request.body) as { kind: string })
    .filter((body) => body.kind === "report")
    .map((body) => ReportNotification.parse(body));
}

describe("scheduled platform domain reports", () => {
  it("sends a report every second to a webhook, with the healed incident as auto-resolved and every field from data", async () => {
    service = await startFlakyService("ok");
    hook = await startLocalHttpServer((_request, response) => {
      response.statusCode = 204;
      response.end();
    });
    const dir = await makeWorkDir();
    const config = await writeConfig(
      dir,
      flakyServiceConfig({
        port: await freePort(),
        dataDir: join(dir, "data"),
        healthUrl: service.healthUrl,
        controlUrl: service.controlUrl,
        remedies: [{ solution: "service_restart", action: "heal" }],
        serviceExtra: "    sla: { availability: 99.99, latency_p99: 150ms }\n    cost_per_hour_down: 3600\n",
        extra: `notify:
  receivers:
    - { name: hook, webhook: { url: "${hook.url}/reports" } }
  retry: { attempts: 5, backoff: 100ms, max_backoff: 200ms }
reports:
  - { name: every-second, schedule: "* * * * * *", window: 1h, receivers: [hook] }
`,
      }),
    );
    const { url } = await daemons.start(config);
    const quiet = await waitFor("a report of the quiet service", () => receivedReports(hook!).at(0));
    expect(quiet.report.dashboard).toMatchObject({
      auto_resolved: 0,
      human_escalations: 0,
      uptime_percent: 100,
    });
    expect(quiet.report.name).toBe("every-second");

    await service.setMode("failing");
    const healed = await waitFor("a report with the healed incident", () =>
      receivedReports(hook!).find((each) => each.report.dashboard.auto_resolved === 1),
    );
    const report: DomainReport = healed.report;
    expect(report.dashboard).toMatchObject({
      auto_resolved: 1,
      alternative_fixes: 0,
      human_escalations: 0,
      documented_fixes: 0,
      success_rate: 1,
      pending_escalations: 0,
    });
    expect(report.dashboard.mean_time_to_resolve_ms).toBeGreaterThan(0);
    expect(report.dashboard.uptime_percent).toBeLessThan(100);
    const web = report.uptime_metrics.services.find((each) => each.service === "web");
    expect(web).toMatchObject({ incidents: 1, sla_uptime_percent: 99.99, meets_sla: false });
    expect(web?.downtime_ms).toBeGreaterThan(0);
    expect(web?.checks_run).toBeGreaterThan(web?.checks_passed ?? 0);
    const performance = report.performance_metrics.services.find((each) => each.service === "web");
    expect(performance?.check_latency_p50_ms).not.toBeNull();
    expect(performance).toMatchObject({ sla_latency_p99_ms: 150, span_p99_ms: null });
    // 3600 per hour down is one per second.
    const cost = report.cost_tracking.services.find((each) => each.service === "web");
    expect(cost?.downtime_cost).toBeCloseTo((web?.downtime_ms ?? 0) / 1000, 1);
    expect(report.cost_tracking.actions_run).toBe(1);
    expect(report.specialist_assignments).toEqual([
      { executor: "exec", actions: 1, succeeded: 1, services: ["web"] },
    ]);
    expect(report.institutional_knowledge_captured).toMatchObject({ rows_learned: 1, lessons_added: 0 });
    expect(report.deliverables_completed).toEqual([
      expect.objectContaining({ service: "web", resolution: "remedied", symptom: "health_check_failures" }),
    ]);
    expect(report.infrastructure_health_metrics).toEqual({ GREEN: 1, YELLOW: 0, RED: 0 });
    expect(report.orbt_status).toMatchObject({ Operate: 1, Repair: 0, Build: 0 });
    expect(report.blocking_issues).toEqual([]);
    expect(report.security_status).toMatchObject({
      bind_address: "127.0.0.1",
      is_loopback_only: true,
      tokens: [],
    });
    // The daemon's own readiness assessment: no tokens and no backup keep it well below 100.
    const readiness = await getJson<ReadinessAssessment>(`${url}/api/v1/readiness`);
    expect(report.handoff_readiness).toBe(readiness.score);
    expect(report.handoff_readiness).toBeLessThan(100);
    expect(report.handoff_readiness_note).toMatch(/^production readiness \d+\/100: availability \d+/);
    expect(healed.markdown).toContain("| 1 | 0 | 0 | 0 | 100% |");

    // The history holds what was sent, as JSON and as Markdown.
    const { reports } = await getJson<ReportsResponse>(`${url}/api/v1/reports`);
    expect(reports.map((each) => each.id)).toContain(report.id);
    const kept = await getJson<ReportResponse>(`${url}/api/v1/reports/${report.id}`);
    expect(kept.report).toEqual(report);
    const markdown = await fetch(`${url}/api/v1/reports/${report.id}?format=md`);
    expect(markdown.headers.get("content-type")).toContain("text/markdown");
    expect(await markdown.text()).toBe(healed.markdown);
    expect((await fetch(`${url}/api/v1/reports/rpt-none`)).status).toBe(404);
    const current = await getJson<ReportResponse>(`${url}/api/v1/reports/current?window=1h`);
    expect(current.report.dashboard.auto_resolved).toBe(1);
    const { reports: listed } = await getJson<ReportsResponse>(`${url}/api/v1/reports?limit=1000`);
    expect(listed.map((each) => each.id)).not.toContain(current.report.id);

    // On demand, through the API and the CLI.
    const bad = await fetch(`${url}/api/v1/reports`, {
      method: "POST",
      body: JSON.stringify({ window: "soon" }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { path: "window" } });
    const cli = runOrbtd(["report", "--url", url, "--window", "1h", "--json"]);
    expect(await cli.exited).toBe(0);
    const printed = JSON.parse(cli.output()) as DomainReport;
    expect(printed.dashboard.auto_resolved).toBe(1);
    expect(printed.window.duration_ms).toBe(3_600_000);
    const { reports: after } = await getJson<ReportsResponse>(`${url}/api/v1/reports`);
    expect(after.map((each) => each.id)).toContain(printed.id);
    const usage = runOrbtd(["report", "--url", url, "--window", "0s"]);
    expect(await usage.exited).toBe(2);
    expect(usage.output()).toContain("--window: expected a duration above 0");
  });
});
