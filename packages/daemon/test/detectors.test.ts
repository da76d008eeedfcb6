import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { IncidentResponse, StatusResponse } from "@orbt/core";
import { createOrbtClient, startHeartbeat } from "@orbt/sdk";
import { describe, expect, it } from "vitest";
import { startDnsServer } from "./support/dns-server.js";
import { startFlakyService } from "./support/flaky-service.js";
import { type LocalHttpServer, startLocalHttpServer } from "./support/local-http-server.js";
import { getJson, killAfterEach } from "./support/orbtd-process.js";
import { incidentOf, startOrbtdWith } from "./support/orbtd-with-yaml.js";
import { freePort } from "./support/ports.js";
import { stopAfterEach } from "./support/stop-after-each.js";
import { waitFor } from "./support/wait-for.js";

const ROLLBACK_REMEDY = fileURLToPath(new URL("./fixtures/rollback-remedy.mjs", import.meta.url));

const daemons = killAfterEach();

/** Servers and reporters a test started, stopped after it. */
const track = stopAfterEach();

/** orbtd on a free port with data in a fresh directory and `yaml` for the rest; no rule file anywhere. */
function startWith(yaml: (self: { readonly url: string; readonly dir: string }) => string) {
  return startOrbtdWith(daemons, yaml);
}

async function serviceView(url: string, service: string) {
  const status = await getJson<StatusResponse>(`${url}/api/v1/status`);
  return status.services.find((each) => each.name === service);
}

/** A scrape target serving `body(secondsSinceStart)` as the Prometheus text format. */
async function exposition(body: (seconds: number) => string): Promise<LocalHttpServer> {
  const startedAt = Date.now();
  return track(
    await startLocalHttpServer((_request, response) => {
      response.setHeader("content-type", "text/plain; version=0.0.4");
      response.end(body((Date.now() - startedAt) / 1000));
    }),
  );
}

/** One scraped service, `app`, with the shipped rules evaluated fast and the one under test tuned to fire soon. */
function scrapedApp(target: LocalHttpServer, rule: string): string {
  return `services:
  - name: app
    scrape:
      - url: ${target.url}/metrics
        interval: 200ms
        timeout: 200ms
default_rules:
  interval: 200ms
  ${rule}
`;
}

describe("every seed symptom opens an incident without a rule of the user's", () => {
  describe("deployment_failures", () => {
    it("build_failures: a failed deploy, after Build mode while it ran", async () => {
      const { url } = await startWith(() => "services:\n  - name: web\n");
      const client = createOrbtClient({ baseUrl: url });
      const started = await client.reportDeploy({ service: "web", version: "v2", status: "started" });
      expect(started.ok && started.value.mode).toBe("Build");
      expect(await serviceView(url, "web")).toMatchObject({ mode: "Build", deploy: { version: "v2" } });
      await client.reportDeploy({ service: "web", version: "v2", status: "failed", detail: "tests failed" });
      const incident = await incidentOf(url, "web", "build_failures");
      expect(incident).toMatchObject({ pattern: "deployment_failures", activeSources: ["deploy"] });
      expect(incident.timeline[0]?.message).toContain("deploy of v2 failed: tests failed");
    });

    it("deployment_timeouts: a deploy started and not ended within deploys.timeout", async () => {
      const { url } = await startWith(() => "services:\n  - name: web\ndeploys: { timeout: 1s }\n");
      await createOrbtClient({ baseUrl: url }).reportDeploy({
        service: "web",
        version: "v3",
        status: "started",
      });
      const incident = await incidentOf(url, "web", "deployment_timeouts");
      expect(incident.timeline[0]?.message).toContain("deploy of v3 not ended within 1s");
      expect(await serviceView(url, "web")).toMatchObject({
        mode: "Repair",
        deploy: { status: "timed_out" },
      });
    });

    it("environment_misconfigurations: checks failing within verify_for of a deploy, or a config_error report", async () => {
      const web = track(await startFlakyService("ok"));
      const { url } = await startWith(
        () => `services:
  - name: web
    checks:
      - http: ${web.healthUrl}
        interval: 200ms
        timeout: 200ms
deploys: { verify_for: 1m }
`,
      );
      const client = createOrbtClient({ baseUrl: url });
      await client.reportDeploy({ service: "web", version: "v4", status: "succeeded" });
      await web.setMode("failing");
      const incident = await incidentOf(url, "web", "environment_misconfigurations");
      expect(incident.timeline[0]?.message).toContain("within 1m of the deploy of v4");

      await client.reportHealth({
        service: "api",
        status: "failing",
        kind: "config_error",
        detail: "no DB_URL",
      });
      const reported = await incidentOf(url, "api", "environment_misconfigurations");
      expect(reported).toMatchObject({ pattern: "deployment_failures", activeSources: ["health"] });
    });

    it("dependency_issues: a service failing while a service it depends_on is down", async () => {
      const [webPort, dbPort] = [await freePort(), await freePort()];
      const check = (port: number) => `    checks:
      - tcp: 127.0.0.1:${port}
        interval: 200ms
        timeout: 200ms`;
      const { url } = await startWith(
        () => `services:
  - name: web
    depends_on: [db]
${check(webPort)}
  - name: db
${check(dbPort)}
`,
      );
      const incident = await incidentOf(url, "web", "dependency_issues");
      expect(incident).toMatchObject({ pattern: "deployment_failures", activeSources: ["depends_on"] });
      expect(incident.timeline[0]?.message).toContain("failing while db, which it depends on, is down");
    });
  });

  describe("performance_issues", () => {
    it("high_response_times: a check answering over its latency_threshold", async () => {
      const slow = track(
        await startLocalHttpServer((_request, response) => {
          setTimeout(() => response.end("ok"), 300);
        }),
      );
      const { url } = await startWith(
        () => `services:
  - name: web
    checks:
      - http: ${slow.url}/healthz
        interval: 500ms
        timeout: 450ms
        latency_threshold: 100ms
`,
      );
      const incident = await incidentOf(url, "web", "high_response_times");
      expect(incident).toMatchObject({ pattern: "performance_issues", activeSources: ["check:0:latency"] });
      expect(incident.timeline[0]?.message).toContain("over the 100ms latency threshold");
    });

    it("CPU_spikes: the shipped rule over process_cpu_seconds_total", async () => {
      const target = await exposition((seconds) => `process_cpu_seconds_total ${seconds.toFixed(3)}\n`);
      const { url } = await startWith(() =>
        scrapedApp(target, "cpu_spikes: { threshold: 0.5, window: 2s, for: 1s }"),
      );
      const incident = await incidentOf(url, "app", "CPU_spikes");
      expect(incident.activeSources).toEqual([expect.stringMatching(/^alert:OrbtProcessCpuSpike:/)]);
    });

    it("memory_leaks: the shipped rule over the growth of process_resident_memory_bytes", async () => {
      const target = await exposition(
        (seconds) => `process_resident_memory_bytes ${Math.round(100e6 + seconds * 20e6)}\n`,
      );
      const { url } = await startWith(() =>
        scrapedApp(target, "memory_leaks: { growth_per_hour: 1GiB, window: 2s, for: 1s }"),
      );
      const incident = await incidentOf(url, "app", "memory_leaks");
      expect(incident.activeSources).toEqual([expect.stringMatching(/^alert:OrbtProcessMemoryGrowth:/)]);
    });

    it("resource_exhaustion: the shipped rule over open and maximum file descriptors", async () => {
      const target = await exposition(() => "process_open_fds 960\nprocess_max_fds 1024\n");
      const { url } = await startWith(() => scrapedApp(target, "resource_exhaustion: { for: 1s }"));
      const incident = await incidentOf(url, "app", "resource_exhaustion");
      expect(incident.activeSources).toEqual([expect.stringMatching(/^alert:OrbtProcessFdsExhausted:/)]);
    });
  });

  describe("uptime_problems", () => {
    it("service_unavailable: a check finding nothing listening", async () => {
      const closedPort = await freePort();
      const { url } = await startWith(
        () => `services:
  - name: web
    checks:
      - http: http://127.0.0.1:${closedPort}/healthz
        interval: 200ms
        timeout: 200ms
`,
      );
      const incident = await incidentOf(url, "web", "service_unavailable");
      expect(incident).toMatchObject({ pattern: "uptime_problems", activeSources: ["check:0"] });
    });

    it("health_check_failures: missed heartbeats, cleared by the next beat", async () => {
      const { url } = await startWith(
        () => "services:\n  - name: worker\n    heartbeat: { every: 200ms, missed: 2 }\n",
      );
      const incident = await incidentOf(url, "worker", "health_check_failures");
      expect(incident.activeSources).toEqual(["heartbeat"]);
      expect(incident.timeline[0]?.message).toContain("2 beats missed");
      track(startHeartbeat({ baseUrl: url, service: "worker", everyMs: 100 }));
      await waitFor("the heartbeat symptom to clear", async () => {
        const current = await getJson<IncidentResponse>(`${url}/api/v1/incidents/${incident.id}`);
        return current.incident.activeSources.length === 0 ? current : undefined;
      });
    });

    it("load_balancer_issues: a 5xx through a check via the load balancer", async () => {
      const balancer = track(
        await startLocalHttpServer((_request, response) => {
          response.statusCode = 502;
          response.end("bad gateway");
        }),
      );
      const { url } = await startWith(
        () => `services:
  - name: web
    checks:
      - http: ${balancer.url}/healthz
        via: load_balancer
        interval: 200ms
        timeout: 200ms
`,
      );
      const incident = await incidentOf(url, "web", "load_balancer_issues");
      expect(incident.timeline[0]?.message).toContain("HTTP 502 through the load balancer");
    });

    it("load_balancer_issues: the shipped rule over HAProxy's 5xx ratio", async () => {
      const target = await exposition(
        (seconds) =>
          `haproxy_backend_http_responses_total{proxy="app",code="2xx"} ${Math.round(seconds * 100)}\n` +
          `haproxy_backend_http_responses_total{proxy="app",code="5xx"} ${Math.round(seconds * 30)}\n`,
      );
      const { url } = await startWith(() =>
        scrapedApp(target, "load_balancer_issues: { window: 2s, for: 1s }"),
      );
      const incident = await incidentOf(url, "app", "load_balancer_issues");
      expect(incident.activeSources).toEqual([expect.stringMatching(/^alert:OrbtHaproxy5xxRatio:/)]);
    });

    it("DNS_problems: a dns check whose name does not resolve", async () => {
      const dns = track(await startDnsServer({ "api.shop.test": ["10.0.0.1"] }));
      const { url } = await startWith(
        () => `services:
  - name: api
    checks:
      - dns: { name: api.shop.test, server: "${dns.address}", addresses: [10.0.0.1] }
        interval: 200ms
        timeout: 200ms
`,
      );
      await waitFor("the dns check to ask", () => (dns.queries.length > 2 ? true : undefined));
      dns.records.delete("api.shop.test");
      const incident = await incidentOf(url, "api", "DNS_problems");
      expect(incident.timeline[0]?.message).toContain("api.shop.test (A): queryA ENOTFOUND");
    });
  });
});

describe("deploys and rollback", () => {
  it("rolls a failed deploy back to the last version that stayed healthy, telling the remedy that version", async () => {
    const { url, dir } = await startWith(
      (self) => `services:
  - name: web
deploys: { verify_for: 500ms }
remedies:
  - solution: rollback_to_stable
    exec: ${JSON.stringify([process.execPath, ROLLBACK_REMEDY, join(self.dir, "rollback-env.json"), self.url])}
    verify_for: 500ms
`,
    );
    const client = createOrbtClient({ baseUrl: url });
    await client.reportDeploy({ service: "web", version: "v1", status: "started" });
    await client.reportDeploy({ service: "web", version: "v1", status: "succeeded" });
    await waitFor("v1 to be the rollback target", async () =>
      (await serviceView(url, "web"))?.deploy?.stableVersion === "v1" ? true : undefined,
    );
    await client.reportDeploy({ service: "web", version: "v2", status: "started" });
    await client.reportDeploy({ service: "web", version: "v2", status: "failed" });

    const incident = await incidentOf(url, "web", "build_failures");
    const resolved = await waitFor("the rollback to resolve the incident", async () => {
      const current = await getJson<IncidentResponse>(`${url}/api/v1/incidents/${incident.id}`);
      return current.incident.state === "resolved" ? current.incident : undefined;
    });
    expect(resolved).toMatchObject({ resolution: "remedied" });
    expect(resolved.actions).toEqual([
      expect.objectContaining({
        strike: 2,
        solution: "rollback_to_stable",
        outcome: "succeeded",
        verify: "passed",
      }),
    ]);
    const told = JSON.parse(await readFile(join(dir, "rollback-env.json"), "utf8")) as Record<string, string>;
    expect(told).toMatchObject({
      ORBT_SERVICE: "web",
      ORBT_SOLUTION: "rollback_to_stable",
      ORBT_ROLLBACK_VERSION: "v1",
    });
    expect(await serviceView(url, "web")).toMatchObject({
      mode: "Operate",
      deploy: { version: "v1", stableVersion: "v1" },
    });
  });
});
