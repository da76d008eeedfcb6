import { join } from "node:path";
import type { EscalationReport, EscalationsResponse, IncidentResponse, KnowledgeResponse } from "@orbt/core";
import { afterEach, describe, expect, it } from "vitest";
import { flakyServiceConfig } from "./support/config-yaml.js";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { startLocalHttpServer } from "./support/local-http-server.js";
import { getJson, killAfterEach, makeWorkDir, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

let service: FlakyService | undefined;
const daemons = killAfterEach();

afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function incident(url: string, id: string) {
  return (await getJson<IncidentResponse>(`${url}/api/v1/incidents/${id}`)).incident;
}

describe("orbtd against a real flaky service", () => {
  it("runs the strike-1 remedy once and resolves the incident when the service recovers", async () => {
    service = await startFlakyService("ok");
    const dir = await makeWorkDir();
    const config = await writeConfig(
      dir,
      flakyServiceConfig({
        port: await freePort(),
        dataDir: join(dir, "data"),
        healthUrl: service.healthUrl,
        controlUrl: service.controlUrl,
        remedies: [{ solution: "service_restart", action: "heal" }],
      }),
    );
    const daemon = await daemons.start(config);
    const { url } = daemon;
    await service.setMode("failing");

    const resolved = await waitFor("incident resolved", async () => {
      const found = (await getJson<{ incidents: { id: string; state: string }[] }>(`${url}/api/v1/incidents`))
        .incidents[0];
      return found?.state === "resolved" ? found : undefined;
    });
    const detail = await incident(url, resolved.id);
    expect(detail).toMatchObject({ strike: 1, resolution: "remedied", symptom: "health_check_failures" });
    expect(detail.actions).toHaveLength(1);
    expect(detail.actions[0]).toMatchObject({
      dprId: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
      outcome: "succeeded",
      exitCode: 0,
      verify: "passed",
    });
    expect(service.counts.remedyStarts).toBe(1);
    expect(service.counts.heals).toBe(1);
    const { knowledge } = await getJson<KnowledgeResponse>(`${url}/api/v1/knowledge`);
    expect(knowledge.filter((entry) => entry.provenance === "learned")).toEqual([
      expect.objectContaining({ solution: "service_restart", platform: "exec", tries: 1, successes: 1 }),
    ]);
    const status = await getJson<{ services: { name: string; status: string }[] }>(`${url}/api/v1/status`);
    expect(status.services).toEqual([expect.objectContaining({ name: "web", status: "GREEN" })]);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('orbt_incidents_total{pattern="uptime_problems"} 1');
    expect(metrics).toContain('orbt_strikes_total{strike="1"} 1');
    expect(metrics).toContain('orbt_remedies_total{outcome="succeeded"} 1');
    expect(metrics).toMatch(/orbt_check_duration_seconds_count\{service="web",result="fail"\} [1-9]/);
    expect(metrics).toContain("process_resident_memory_bytes");
  });

  it("climbs the ladder to strike 3 and POSTs the escalation report to the webhook", async () => {
    const received: EscalationReport[] = [];
    const webhook = await startLocalHttpServer((request, res) => {
      received.push(JSON.parse(request.body) as EscalationReport);
      res.statusCode = 204;
      res.end();
    });
    try {
      service = await startFlakyService("ok");
      const dir = await makeWorkDir();
      const config = await writeConfig(
        dir,
        flakyServiceConfig({
          port: await freePort(),
          dataDir: join(dir, "data"),
          healthUrl: service.healthUrl,
          controlUrl: service.controlUrl,
          remedies: [
            { solution: "service_restart", action: "noop" },
            { solution: "failover_activation", action: "noop", exitCode: 4 },
          ],
          webhook: `${webhook.url}/escalations`,
        }),
      );
      const daemon = await daemons.start(config);
      const { url } = daemon;
      await service.setMode("down");

      const report = await waitFor("escalation report", async () => received[0]);
      expect(report).toMatchObject({
        incident_id: "inc-1",
        domain: "platform/exec",
        issue_type: "uptime_problems/service_unavailable",
        affected_services: ["web"],
        urgency_level: "medium",
        reason: "strikes_exhausted",
      });
      expect(report.attempted_solutions).toEqual([
        expect.objectContaining({
          dpr_id: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
          outcome: "succeeded",
          verify: "failed",
        }),
        expect.objectContaining({
          dpr_id: "PLATFORM.SHOP.FAILOVER_ACTIVATION.EXEC.20000.002",
          outcome: "failed",
          exit_code: 4,
        }),
      ]);
      for (const field of ["business_impact", "recommendations", "recovery_time_estimate"] as const) {
        expect(report[field]).toBeTruthy();
      }
      expect(await incident(url, "inc-1")).toMatchObject({ state: "escalated", status: "RED", strike: 3 });
      const status = await getJson<{ services: { status: string }[] }>(`${url}/api/v1/status`);
      expect(status.services[0]?.status).toBe("RED");
      const { escalations } = await waitFor("delivery recorded", async () => {
        const listed = await getJson<EscalationsResponse>(`${url}/api/v1/escalations`);
        return listed.escalations[0]?.isDelivered ? listed : undefined;
      });
      expect(escalations).toHaveLength(1);
      expect(service.counts.remedyStarts).toBe(2);

      // An escalated incident stays RED until the symptom stays clear for verify_for: self-recovered.
      await service.setMode("ok");
      await waitFor("self-recovery", async () => {
        const found = await incident(url, "inc-1");
        return found.resolution === "self_recovered" ? found : undefined;
      });
      expect(received).toHaveLength(1);
    } finally {
      await webhook.close();
    }
  });
});
