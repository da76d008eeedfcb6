import { describe, expect, it } from "vitest";
import type { CheckConfig } from "../../config/orbt-config.js";
import { checkSource, judgeProbe, parseCheckSource } from "./judge-probe.js";

const probe = { intervalMs: 1_000, timeoutMs: 900, failAfter: 2, latencyThresholdMs: 300, via: undefined };
const http: CheckConfig = { kind: "http", url: "http://127.0.0.1:1/healthz", ...probe };
const dns: CheckConfig = {
  kind: "dns",
  name: "api.shop.test",
  type: "A",
  server: undefined,
  expected: [],
  ...probe,
};

describe("judgeProbe", () => {
  it("judges a fast answer fine on both aspects", () => {
    expect(judgeProbe(http, { ok: true, latencyMs: 300 })).toEqual({ up: null, latency: null });
  });

  it("reads an answer over the latency threshold as the kind's slow symptom", () => {
    expect(judgeProbe(http, { ok: true, latencyMs: 301 })).toEqual({
      up: null,
      latency: {
        symptom: "high_response_times",
        detail: "answered in 301ms, over the 300ms latency threshold",
      },
    });
    expect(judgeProbe(dns, { ok: true, latencyMs: 500 }).latency).toMatchObject({ symptom: "DNS_problems" });
    expect(
      judgeProbe({ ...http, latencyThresholdMs: null }, { ok: true, latencyMs: 800 }).latency,
    ).toBeNull();
  });

  it("judges no latency for a kind without one, however long its probe took", () => {
    const command: CheckConfig = { kind: "command", argv: ["check_disk"], ...probe };
    expect(judgeProbe(command, { ok: true, latencyMs: 5_000 })).toEqual({ up: null, latency: undefined });
  });

  it("says nothing of latency when the probe failed", () => {
    const failed = {
      ok: false as const,
      latencyMs: 900,
      symptom: "health_check_failures" as const,
      detail: "timeout",
    };
    expect(judgeProbe(http, failed)).toEqual({
      up: { symptom: "health_check_failures", detail: "timeout" },
      latency: undefined,
    });
  });

  it("reads a 5xx through a check via the load balancer as load_balancer_issues, other failures as they are", () => {
    const lb = { ...http, via: "load_balancer" as const };
    const status502 = {
      ok: false as const,
      latencyMs: 5,
      symptom: "health_check_failures" as const,
      detail: "HTTP 502",
      status: 502,
    };
    expect(judgeProbe(lb, status502).up).toEqual({
      symptom: "load_balancer_issues",
      detail: "HTTP 502 through the load balancer",
    });
    expect(judgeProbe(http, status502).up?.symptom).toBe("health_check_failures");
    const status404 = { ...status502, detail: "HTTP 404", status: 404 };
    expect(judgeProbe(lb, status404).up?.symptom).toBe("health_check_failures");
    const refused = {
      ok: false as const,
      latencyMs: 1,
      symptom: "service_unavailable" as const,
      detail: "ECONNREFUSED",
    };
    expect(judgeProbe(lb, refused).up?.symptom).toBe("service_unavailable");
  });
});

describe("check sources", () => {
  it("names each aspect of a check and reads the name back", () => {
    expect(checkSource(3, "up")).toBe("check:3");
    expect(checkSource(3, "latency")).toBe("check:3:latency");
    expect(parseCheckSource("check:3")).toEqual({ index: 3, aspect: "up" });
    expect(parseCheckSource("check:3:latency")).toEqual({ index: 3, aspect: "latency" });
    expect(parseCheckSource("health")).toBeUndefined();
    expect(parseCheckSource("check:x")).toBeUndefined();
  });
});
