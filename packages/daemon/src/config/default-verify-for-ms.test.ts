import { describe, expect, it } from "vitest";
import { defaultVerifyForMs } from "./default-verify-for-ms.js";
import { parseConfigText } from "./parse-config-text.js";

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

describe("defaultVerifyForMs", () => {
  const parsed = parseConfigText(CONFIG_TEXT, "orbt.yaml");
  if (!parsed.ok) throw new Error("fixture config must parse");
  const [web, worker] = parsed.value.services;

  it("is two of the fastest check intervals", () => {
    expect(defaultVerifyForMs(web!)).toBe(8_000);
  });

  it("is 20s for a service without checks", () => {
    expect(defaultVerifyForMs(worker!)).toBe(20_000);
  });
});
