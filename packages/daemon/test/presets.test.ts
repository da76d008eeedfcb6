import { join } from "node:path";
import type { Incident, IncidentResponse, IncidentsResponse, StatusResponse } from "@orbt/core";
import { createOrbtClient } from "@orbt/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { installFakeTools } from "./support/fake-tools.js";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { type LocalHttpServer, startLocalHttpServer } from "./support/local-http-server.js";
import { getJson, killAfterEach, makeWorkDir, type OrbtdEnv, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();

const running: (LocalHttpServer | FlakyService)[] = [];
afterEach(async () => {
  for (const each of running.splice(0)) await each.close();
});

function track<T extends LocalHttpServer | FlakyService>(each: T): T {
  running.push(each);
  return each;
}

async function startWith(yaml: (url: string) => string, env: OrbtdEnv = {}): Promise<string> {
  const dir = await makeWorkDir();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const base = `project: shop\nlisten: 127.0.0.1:${port}\ndata_dir: ${JSON.stringify(join(dir, "data"))}\notlp: false\n`;
  await daemons.start(await writeConfig(dir, `${base}${yaml(url)}`), env);
  return url;
}

/** The first incident of `service` once it is resolved. */
function resolvedIncidentOf(url: string, service: string): Promise<Incident> {
  return waitFor(`an incident of ${service} to be resolved`, async () => {
    const { incidents } = await getJson<IncidentsResponse>(`${url}/api/v1/incidents`);
    const found = incidents.find((incident) => incident.service === service);
    if (found === undefined) return undefined;
    const { incident } = await getJson<IncidentResponse>(`${url}/api/v1/incidents/${found.id}`);
    return incident.state === "resolved" ? incident : undefined;
  });
}

function checked(healthUrl: string): string {
  return `checks:
      - { http: ${healthUrl}, interval: 200ms, timeout: 200ms, fail_after: 2 }`;
}

describe("remedy presets in a real daemon", () => {
  it("restarts each service with its platform's tool when a remedy names only service_restart", async () => {
    const web = track(await startFlakyService());
    const cache = track(await startFlakyService());
    const api = track(await startFlakyService());
    // Each tool's run heals the failing service, as a real restart would.
    const restarts = track(
      await startLocalHttpServer((_request, response) => {
        void Promise.all([web, cache, api].map((service) => service.setMode("ok")));
        response.end();
      }),
    );
    const tools = await installFakeTools({ onRunUrl: restarts.url });
    const url = await startWith(
      () => `services:
  - name: web
    platform: systemd
    unit: web.service
    ${checked(web.healthUrl)}
  - name: cache
    platform: docker
    container: shop-cache
    ${checked(cache.healthUrl)}
  - name: api
    platform: kubernetes
    namespace: shop
    ${checked(api.healthUrl)}
remedies:
  - solution: service_restart
    verify_for: 600ms
`,
      { PATH: tools.path },
    );

    const expected = [
      { service: "web", flaky: web, tool: "SYSTEMD", argv: ["systemctl", "restart", "web.service"] },
      { service: "cache", flaky: cache, tool: "DOCKER", argv: ["docker", "restart", "shop-cache"] },
      {
        service: "api",
        flaky: api,
        tool: "KUBECTL",
        argv: ["kubectl", "rollout", "restart", "deployment/api", "-n", "shop"],
      },
    ];
    // One at a time, so each restart heals the one service that is failing.
    for (const { service, flaky, tool, argv } of expected) {
      await flaky.setMode("failing");
      const incident = await resolvedIncidentOf(url, service);
      expect(incident.resolution).toBe("remedied");
      expect(incident.actions).toEqual([
        expect.objectContaining({
          solution: "service_restart",
          dprId: `PLATFORM.SHOP.SERVICE_RESTART.${tool}.20000.001`,
          outcome: "succeeded",
          verify: "passed",
        }),
      ]);
      expect((await tools.calls()).at(-1)).toMatchObject({
        argv: argv.slice(1),
        env: { ORBT_SERVICE: service, ORBT_SOLUTION: "service_restart" },
      });
    }
    expect((await tools.calls()).map((call) => [call.tool, ...call.argv])).toEqual(
      expected.map((each) => each.argv),
    );
  });

  it("scales a slow Deployment by a step, reading its replicas first", async () => {
    const tools = await installFakeTools();
    await tools.setReplicas(2);
    // Slow until it runs on 3 replicas.
    const api = track(
      await startLocalHttpServer((_request, response) => {
        void tools.readReplicas().then((replicas) => {
          setTimeout(() => response.end("ok"), replicas >= 3 ? 0 : 120);
        });
      }),
    );
    const url = await startWith(
      () => `services:
  - name: api
    platform: kubernetes
    max_replicas: 3
    checks:
      - { http: ${api.url}/, interval: 200ms, timeout: 190ms, fail_after: 2, latency_threshold: 60ms }
remedies:
  - { solution: resource_scaling, verify_for: 600ms }
`,
      { PATH: tools.path },
    );
    const incident = await resolvedIncidentOf(url, "api");
    expect(incident).toMatchObject({ symptom: "high_response_times", resolution: "remedied" });
    expect(incident.actions).toEqual([
      expect.objectContaining({
        dprId: "PLATFORM.SHOP.RESOURCE_SCALING.KUBECTL.20000.001",
        outcome: "succeeded",
      }),
    ]);
    expect((await tools.calls()).map((call) => call.argv)).toEqual([
      ["get", "deployment/api", "-n", "default", "-o", "jsonpath={.spec.replicas}"],
      ["scale", "deployment/api", "-n", "default", "--replicas=3"],
    ]);
  });

  it("retries a failed deploy through its deploy hook, then rolls back to the last healthy version", async () => {
    let orbtdUrl = "";
    const hook = track(
      await startLocalHttpServer((request, response) => {
        response.end('{"deploy":{"id":"dep-1"}}');
        // The retried deploy fails again; the rollback deploys the image it was given, and succeeds.
        const image = new URL(request.path, "http://hook").searchParams.get("imgURL");
        if (image === null) return;
        void createOrbtClient({ baseUrl: orbtdUrl }).reportDeploy({
          service: "web",
          version: image.split(":").at(-1)!,
          status: "succeeded",
        });
      }),
    );
    orbtdUrl = await startWith(
      () => `services:
  - name: web
    deploy_hook:
      url: ${hook.url}/deploy/srv-1?key=s3cret
      rollback_url: ${hook.url}/deploy/srv-1?key=s3cret&imgURL=docker.io/shop/web:{version}
deploys: { verify_for: 500ms }
remedies:
  - { solution: retry_deployment, verify_for: 500ms }
  - { solution: rollback_to_stable, verify_for: 500ms }
`,
    );
    const client = createOrbtClient({ baseUrl: orbtdUrl });
    await client.reportDeploy({ service: "web", version: "v1", status: "started" });
    await client.reportDeploy({ service: "web", version: "v1", status: "succeeded" });
    await waitFor("v1 to pass its verify window", async () => {
      const status = await getJson<StatusResponse>(`${orbtdUrl}/api/v1/status`);
      return status.services.find((each) => each.name === "web")?.deploy?.stableVersion === "v1"
        ? true
        : undefined;
    });
    await client.reportDeploy({ service: "web", version: "v2", status: "started" });
    await client.reportDeploy({ service: "web", version: "v2", status: "failed" });

    const incident = await resolvedIncidentOf(orbtdUrl, "web");
    expect(incident).toMatchObject({ symptom: "build_failures", resolution: "remedied" });
    expect(incident.actions.map((action) => [action.dprId, action.outcome])).toEqual([
      ["PLATFORM.SHOP.RETRY_DEPLOYMENT.DEPLOY_HOOK.20000.001", "succeeded"],
      ["PLATFORM.SHOP.ROLLBACK_TO_STABLE.DEPLOY_HOOK.20000.002", "succeeded"],
    ]);
    expect(hook.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /deploy/srv-1?key=s3cret",
      "POST /deploy/srv-1?key=s3cret&imgURL=docker.io/shop/web:v1",
    ]);
    expect(JSON.parse(hook.received[1]!.body)).toMatchObject({
      service: "web",
      solution: "rollback_to_stable",
      rollback_version: "v1",
    });
  });
});
