import { describe, expect, it } from "vitest";
import type { OrbtConfig } from "./orbt-config.js";
import { parseConfigText } from "./parse-config-text.js";
import { resolveVerifyForMs } from "./resolve-verify-for-ms.js";

const CONFIG_TEXT = `
services:
  - name: web
    checks:
      - http: http://127.0.0.1:1/healthz
        interval: 30s
      - tcp: 127.0.0.1:2
        interval: 4s
  - name: worker
remedies:
  - solution: service_restart
    exec: [systemctl, restart, web]
  - solution: cache_clearing
    exec: [redis-cli, flushall]
    verify_for: 1m
`;

function parseFixture(): OrbtConfig {
  const parsed = parseConfigText(CONFIG_TEXT, "orbt.yaml");
  if (!parsed.ok) throw new Error("fixture config must parse");
  return parsed.value;
}

describe("resolveVerifyForMs", () => {
  const { services, remedies } = parseFixture();
  const [web, worker] = services;
  const [restart, clearCache] = remedies;

  it("keeps verify_for when the remedy sets it", () => {
    expect(resolveVerifyForMs(clearCache!, web)).toBe(60_000);
  });

  it("defaults to twice the service's fastest check interval", () => {
    expect(resolveVerifyForMs(restart!, web)).toBe(8_000);
  });

  it("defaults to 20s for a service without checks or no service", () => {
    expect(resolveVerifyForMs(restart!, worker)).toBe(20_000);
    expect(resolveVerifyForMs(restart!, undefined)).toBe(20_000);
  });
});
