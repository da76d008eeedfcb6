import type { RecheckSymptom } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultHttpCheck, defaultService } from "../../../test/support/default-config.js";
import { type LocalHttpServer, startLocalHttpServer } from "../../../test/support/local-http-server.js";
import type { ServiceConfig } from "../../config/orbt-config.js";
import { recheckSymptom } from "./recheck-symptom.js";

describe("recheckSymptom", () => {
  let status = 200;
  let delayMs = 0;
  let server: LocalHttpServer;
  let services: ServiceConfig[];
  beforeAll(async () => {
    server = await startLocalHttpServer((_request, response) => {
      response.statusCode = status;
      setTimeout(() => response.end(), delayMs);
    });
    const check = defaultHttpCheck(`${server.url}/healthz`, {
      intervalMs: 60_000,
      timeoutMs: 2_000,
      failAfter: 1,
    });
    services = [defaultService("web", [check])];
  });
  afterAll(() => server.close());

  const effect = (sources: string[]): RecheckSymptom => ({
    type: "RecheckSymptom",
    incidentId: "inc-1",
    service: "web",
    pattern: "uptime_problems",
    sources,
  });

  it("probes a check source once more: present while it still fails", async () => {
    const probes = server.received.length;
    status = 503;
    expect(await recheckSymptom(services, effect(["check:0"]), () => true)).toBe(true);
    status = 200;
    expect(await recheckSymptom(services, effect(["check:0"]), () => true)).toBe(false);
    expect(server.received.length - probes).toBe(2);
  });

  it("counts a source it cannot probe as present while the engine holds it active", async () => {
    expect(
      await recheckSymptom(services, effect(["check:0", "health"]), (source) => source === "health"),
    ).toBe(true);
    expect(await recheckSymptom(services, effect(["health"]), () => false)).toBe(false);
    // A check the config no longer has is not probed either.
    expect(await recheckSymptom(services, effect(["check:7"]), () => true)).toBe(true);
  });

  it("probes a latency source again: present while the answer is still slow", async () => {
    const slow = { ...services[0]!, checks: [{ ...services[0]!.checks[0]!, latencyThresholdMs: 500 }] };
    delayMs = 1_200;
    expect(await recheckSymptom([slow], effect(["check:0:latency"]), () => false)).toBe(true);
    delayMs = 0;
    expect(await recheckSymptom([slow], effect(["check:0:latency"]), () => true)).toBe(false);
  });
});
