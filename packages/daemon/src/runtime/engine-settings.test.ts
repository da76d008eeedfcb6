import { describe, expect, it } from "vitest";
import { parseConfigText } from "../config/parse-config-text.js";
import { toServiceStates } from "./engine-settings.js";

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
