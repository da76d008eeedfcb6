import { describe, expect, it } from "vitest";
import { parseConfigText } from "../config/parse-config-text.js";
import { toEngineSettings, toServiceStates } from "./engine-settings.js";

const CONFIG_TEXT = `
services:
  - name: web
    checks:
      - http: http://127.0.0.1:1/healthz
        interval: 30s
      - tcp: 127.0.0.1:2
        interval: 4s
  - name: worker
`;

describe("toServiceStates", () => {
  const parsed = parseConfigText(CONFIG_TEXT, "orbt.yaml");
  if (!parsed.ok) throw new Error("fixture config must parse");
  const [web, worker] = toServiceStates(parsed.value);

  it("verifies a service for two of its fastest check intervals", () => {
    expect(web?.verifyForMs).toBe(8_000);
  });

  it("verifies a service without checks for 20s", () => {
    expect(worker?.verifyForMs).toBe(20_000);
  });
});

describe("toEngineSettings: approvals", () => {
  const remediesIn = (environment: string) => {
    const parsed = parseConfigText(
      `environment: ${environment}
automation: { approval_timeout: 2m }
remedies:
  - { solution: service_restart, exec: ["true"] }
  - { solution: failover_activation, exec: ["true"], approval: none }
  - { solution: traffic_rerouting, exec: ["true"], approval: required }
`,
      "orbt.yaml",
    );
    if (!parsed.ok) throw new Error(`fixture config must parse: ${JSON.stringify(parsed.error)}`);
    return toEngineSettings(parsed.value);
  };

  it("in prod, every remedy waits for approval unless it says approval: none", () => {
    expect(remediesIn("prod").remedies.map((remedy) => remedy.isApprovalRequired)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it("elsewhere, only a remedy with approval: required waits for it", () => {
    const settings = remediesIn("staging");
    expect(settings.remedies.map((remedy) => remedy.isApprovalRequired)).toEqual([false, false, true]);
    expect(settings.automation.approvalTimeoutMs).toBe(120_000);
  });
});
