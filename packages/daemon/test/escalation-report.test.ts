import { join } from "node:path";
import type { EscalationReport, EscalationsResponse } from "@orbt/core";
import { createOrbtClient } from "@orbt/sdk";
import { describe, expect, it } from "vitest";
import { startFlakyService } from "./support/flaky-service.js";
import { startLocalHttpServer } from "./support/local-http-server.js";
import { getJson, killAfterEach, makeWorkDir, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { stopAfterEach } from "./support/stop-after-each.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();

const track = stopAfterEach();

describe("the escalation report of a real escalation", () => {
  it("carries the incident's data, as JSON over REST and the SDK, as Markdown, and in the webhook's payload", async () => {
    const web = track(await startFlakyService("down"));
    const hook = track(await startLocalHttpServer((_request, response) => response.end("ok")));
    const dir = await makeWorkDir();
    const port = await freePort();
    const restart = "echo stopping web; echo unit web.service failed to start >&2; exit 3";
    await daemons.start(
      await writeConfig(
        dir,
        `listen: 127.0.0.1:${port}
data_dir: ${JSON.stringify(join(dir, "data"))}
otlp: false
project: shop
environment: staging
services:
  - name: web
    platform: systemd
    criticality: critical
    cost_per_hour_down: 1200
    checks:
      - http: ${web.healthUrl}
        interval: 200ms
        timeout: 150ms
  - name: api
    depends_on: [web]
remedies:
  - solution: service_restart
    exec: [sh, -c, ${JSON.stringify(restart)}]
  - solution: failover_activation
    service: api
    exec: ["true"]
strikes: { strike1_timeout: 2s, strike2_timeout: 1s }
escalation:
  webhook: ${hook.url}/escalations
  triggers: { business_critical_service_failure: false }
`,
      ),
    );
    const url = `http://127.0.0.1:${port}`;
    const escalation = await waitFor("the ladder's escalation", async () => {
      const { escalations } = await getJson<EscalationsResponse>(`${url}/api/v1/escalations`);
      return escalations.find((each) => each.reason === "strikes_exhausted");
    });
    const client = createOrbtClient({ baseUrl: url });
    const fetched = await client.getEscalationReport(escalation.id);
    if (!fetched.ok) throw fetched.error;
    const report = fetched.value;
    expect(report).toEqual(escalation.report);
    expect(report).toMatchObject({
      escalation_id: `${escalation.incidentId}.esc`,
      domain: "platform/systemd",
      issue_type: "uptime_problems/service_unavailable",
      affected_services: ["web", "api"],
      urgency_level: "critical",
      urgency_basis: "staging sets high; criticality critical moves it to critical",
      business_impact: { criticality: "critical", dependents_affected: ["api"] },
      cost_implications: { cost_per_hour_down: 1200 },
      // failover_activation is configured for api only, so not for web.
      infrastructure_alternatives: [
        { solution: "failover_activation", remedies: [] },
        { solution: "traffic_rerouting", remedies: [] },
        { solution: "emergency_maintenance", remedies: [] },
      ],
    });
    expect(report.attempted_solutions).toHaveLength(1);
    expect(report.attempted_solutions[0]).toMatchObject({
      solution: "service_restart",
      outcome: "failed",
      exit_code: 3,
    });
    expect(report.attempted_solutions[0]!.output_tail).toContain("unit web.service failed to start");
    expect(report.timeline.map((entry) => entry.kind)).toContain("escalated");

    const markdown = await client.getEscalationReportMarkdown(escalation.id);
    if (!markdown.ok) throw markdown.error;
    expect(markdown.value).toContain(`# ${escalation.id}: web uptime_problems/service_unavailable`);
    expect(markdown.value).toContain("unit web.service failed to start");
    expect(markdown.value).toContain("- Dependents affected: api");

    // escalation.webhook receives the report itself.
    const payload = await waitFor("the escalation webhook's payload", () => {
      const bodies = hook.received.map((request) => JSON.parse(request.body) as EscalationReport);
      return bodies.find((body) => body.escalation_id === escalation.id);
    });
    expect(payload).toEqual(report);
  });
});
