import type { RunRemedy } from "@orbt/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeTools, installFakeTools } from "../../test/support/fake-tools.js";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import { recordIntent, runRemedyAction } from "./executors.js";
import { listPresetSources, lookUpPreset, type PresetService, type Workload } from "./remedy-presets.js";

const EFFECT: RunRemedy = {
  type: "RunRemedy",
  incidentId: "inc-9",
  actionId: "inc-9.001",
  dprId: "PLATFORM.SHOP.SERVICE_RESTART.SYSTEMD.20000.001",
  strike: 1,
  remedyIndex: 0,
  solution: "service_restart",
  tool: "systemd",
  service: "web",
  isDryRun: false,
};

const KUBERNETES: Workload = {
  platform: "kubernetes",
  deployment: "shop-api",
  namespace: "shop",
  maxReplicas: 4,
  scaleStep: 1,
};

function serviceOn(workload: Workload, deployHook: PresetService["deployHook"] = null): PresetService {
  return { name: "web", workload, deployHook };
}

function presetAction(service: PresetService, solution: string) {
  const lookup = lookUpPreset(service, solution);
  if (!lookup.ok) throw new Error(lookup.message);
  return lookup.action;
}

describe("remedy presets against fake tools on PATH", () => {
  let tools: FakeTools;
  const originalPath = process.env.PATH;
  beforeEach(async () => {
    tools = await installFakeTools();
    process.env.PATH = tools.path;
  });
  afterEach(() => {
    process.env.PATH = originalPath;
  });

  const run = (service: PresetService, solution: string, timeoutMs = 10_000) =>
    runRemedyAction(
      presetAction(service, solution),
      { ...EFFECT, solution },
      { timeoutMs },
      new AbortController().signal,
    );

  it.each([
    [
      "systemd",
      { platform: "systemd", unit: "web.service" },
      "service_restart",
      ["systemctl", "restart", "web.service"],
    ],
    [
      "docker",
      { platform: "docker", container: "shop-web" },
      "service_restart",
      ["docker", "restart", "shop-web"],
    ],
    [
      "kubectl",
      KUBERNETES,
      "service_restart",
      ["kubectl", "rollout", "restart", "deployment/shop-api", "-n", "shop"],
    ],
    [
      "kubectl",
      KUBERNETES,
      "rollback_to_stable",
      ["kubectl", "rollout", "undo", "deployment/shop-api", "-n", "shop"],
    ],
  ] as const)("%s: %s runs %j", async (kind, workload, solution, argv) => {
    const { outcome, summary } = await run(serviceOn(workload), solution);
    expect(outcome).toMatchObject({ kind, ok: true });
    expect(summary).toEqual({ exitCode: 0 });
    expect((await tools.calls()).map((call) => [call.tool, ...call.argv])).toEqual([argv]);
  });

  it("reports a tool's failing exit as a failed run of its preset", async () => {
    await tools.setExitCode(3);
    const { outcome, summary } = await run(
      serviceOn({ platform: "docker", container: "shop-web" }),
      "service_restart",
    );
    expect(outcome).toMatchObject({ kind: "docker", ok: false });
    expect(summary).toEqual({ exitCode: 3 });
  });

  it("gives kubectl the daemon's kubeconfig and docker its host, and no other daemon variable", async () => {
    process.env.KUBECONFIG = "/etc/orbt/kubeconfig";
    process.env.DOCKER_HOST = "unix:///run/docker.sock";
    process.env.ORBT_TEST_SECRET = "hunter2";
    try {
      await run(serviceOn(KUBERNETES), "service_restart");
      await run(serviceOn({ platform: "docker", container: "shop-web" }), "service_restart");
      await run(serviceOn({ platform: "systemd", unit: "web.service" }), "service_restart");
    } finally {
      delete process.env.KUBECONFIG;
      delete process.env.DOCKER_HOST;
      delete process.env.ORBT_TEST_SECRET;
    }
    const [kubectl, docker, systemctl] = await tools.calls();
    expect(kubectl?.env).toMatchObject({ KUBECONFIG: "/etc/orbt/kubeconfig", ORBT_SERVICE: "web" });
    expect(kubectl?.env.DOCKER_HOST).toBeUndefined();
    expect(docker?.env).toMatchObject({ DOCKER_HOST: "unix:///run/docker.sock" });
    expect(docker?.env.KUBECONFIG).toBeUndefined();
    for (const call of [kubectl, docker, systemctl]) expect(call?.env.ORBT_TEST_SECRET).toBeUndefined();
  });

  it("kubectl: resource_scaling reads the replicas, then scales by the step", async () => {
    await tools.setReplicas(2);
    const { outcome } = await run(serviceOn({ ...KUBERNETES, scaleStep: 1 }), "resource_scaling");
    expect(outcome).toMatchObject({ kind: "kubectl", ok: true });
    expect(outcome.output).toContain("deployment/shop-api in shop: replicas 2 -> 3");
    expect((await tools.calls()).map((call) => call.argv)).toEqual([
      ["get", "deployment/shop-api", "-n", "shop", "-o", "jsonpath={.spec.replicas}"],
      ["scale", "deployment/shop-api", "-n", "shop", "--replicas=3"],
    ]);
    expect(await tools.readReplicas()).toBe(3);
  });

  it("kubectl: resource_scaling stops at max_replicas", async () => {
    await tools.setReplicas(3);
    const { outcome: upToBound } = await run(serviceOn({ ...KUBERNETES, scaleStep: 2 }), "resource_scaling");
    expect(upToBound).toMatchObject({ ok: true });
    expect(await tools.readReplicas()).toBe(4);

    const { outcome: atBound, summary } = await run(serviceOn(KUBERNETES), "resource_scaling");
    expect(atBound).toMatchObject({
      kind: "kubectl",
      ok: false,
      error: {
        code: "at_max_replicas",
        message: "deployment/shop-api in shop has 4 replicas, at max_replicas 4: not scaled",
      },
    });
    expect(summary).toEqual({ exitCode: 0 });
    const scales = (await tools.calls()).filter((call) => call.argv[0] === "scale");
    expect(scales.map((call) => call.argv.at(-1))).toEqual(["--replicas=4"]);
  });

  it("kubectl: resource_scaling does not scale when the replicas cannot be read", async () => {
    await tools.setReplicas(Number.NaN);
    const { outcome } = await run(serviceOn(KUBERNETES), "resource_scaling");
    expect(outcome).toMatchObject({ ok: false, error: { code: "unreadable_replicas" } });
    expect((await tools.calls()).map((call) => call.argv[0])).toEqual(["get"]);
  });

  it("kubectl: a scale's record names its target, since its argv is known only once it runs", () => {
    expect(recordIntent(presetAction(serviceOn(KUBERNETES), "resource_scaling"))).toEqual({
      argv: [],
      target: { operation: "scale", deployment: "shop-api", namespace: "shop", step: 1, maxReplicas: 4 },
    });
  });
});

describe("deploy hook presets against a local hook", () => {
  let hook: LocalHttpServer;
  beforeAll(async () => {
    hook = await startLocalHttpServer((_request, response) => {
      response.statusCode = 200;
      response.end('{"deploy":{"id":"dep-1"}}');
    });
  });
  afterAll(() => hook.close());

  const hooked = () =>
    serviceOn(KUBERNETES, {
      url: `${hook.url}/deploy/srv-1?key=s3cret`,
      rollbackUrl: `${hook.url}/deploy/srv-1?key=s3cret&imgURL=docker.io/shop/web:{version}`,
    });

  it("retry_deployment POSTs to the hook and is told the incident", async () => {
    const { outcome, summary } = await runRemedyAction(
      presetAction(hooked(), "retry_deployment"),
      { ...EFFECT, solution: "retry_deployment", tool: "deploy_hook" },
      { timeoutMs: 5_000 },
      new AbortController().signal,
    );
    expect(outcome).toMatchObject({ kind: "deploy_hook", ok: true, output: '{"deploy":{"id":"dep-1"}}' });
    expect(summary).toEqual({ exitCode: null, statusLine: "HTTP 200" });
    const request = hook.received.at(-1);
    expect(request).toMatchObject({ method: "POST", path: "/deploy/srv-1?key=s3cret" });
    expect(JSON.parse(request!.body)).toMatchObject({ service: "web", solution: "retry_deployment" });
  });

  it("rollback_to_stable POSTs to rollback_url with the rollback target in place of {version}", async () => {
    const { outcome } = await runRemedyAction(
      presetAction(hooked(), "rollback_to_stable"),
      { ...EFFECT, solution: "rollback_to_stable", tool: "deploy_hook", rollbackVersion: "v1.4+b7" },
      { timeoutMs: 5_000 },
      new AbortController().signal,
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(hook.received.at(-1)?.path).toBe("/deploy/srv-1?key=s3cret&imgURL=docker.io/shop/web:v1.4%2Bb7");
  });

  it("does not call a rollback hook that needs a version when none is known", async () => {
    const before = hook.received.length;
    const { outcome } = await runRemedyAction(
      presetAction(hooked(), "rollback_to_stable"),
      { ...EFFECT, solution: "rollback_to_stable", tool: "deploy_hook" },
      { timeoutMs: 5_000 },
      new AbortController().signal,
    );
    expect(outcome).toMatchObject({ kind: "deploy_hook", ok: false, error: { code: "no_rollback_version" } });
    expect(outcome.error?.message).toContain("no version of web has stayed healthy");
    expect(hook.received.length).toBe(before);
  });

  it("records a hook by its origin only: the URL is a secret", () => {
    expect(recordIntent(presetAction(hooked(), "retry_deployment"))).toEqual({
      argv: [],
      target: { url: `${hook.url}/…`, method: "POST" },
    });
  });
});

describe("lookUpPreset", () => {
  it("prefers the deploy hook over the platform, and falls back on the platform when the hook lacks a rollback_url", () => {
    const withRollback = serviceOn(KUBERNETES, { url: "https://h.test/d", rollbackUrl: "https://h.test/r" });
    expect(presetAction(withRollback, "rollback_to_stable")).toEqual({
      kind: "deploy_hook",
      url: "https://h.test/r",
    });
    const withoutRollback = serviceOn(KUBERNETES, { url: "https://h.test/d", rollbackUrl: null });
    expect(presetAction(withoutRollback, "rollback_to_stable")).toMatchObject({ kind: "kubectl" });
    expect(presetAction(withoutRollback, "retry_deployment")).toEqual({
      kind: "deploy_hook",
      url: "https://h.test/d",
    });
  });

  it("names what a preset needs that the service lacks", () => {
    expect(lookUpPreset(serviceOn({ ...KUBERNETES, maxReplicas: null }), "resource_scaling")).toEqual({
      ok: false,
      message:
        'the preset for resource_scaling on service "web" needs max_replicas: set it on the service, or set exec or http on the remedy',
    });
  });

  it("names the platforms that have a preset for the solution", () => {
    expect(lookUpPreset(serviceOn({ platform: "exec" }), "service_restart")).toEqual({
      ok: false,
      message:
        'service "web" (platform exec) has no preset for service_restart (presets for service_restart: systemd, docker, kubernetes): set exec or http on the remedy',
    });
    expect(listPresetSources("rollback_to_stable")).toEqual(["kubernetes", "deploy_hook"]);
    expect(listPresetSources("cache_clearing")).toEqual([]);
  });
});
