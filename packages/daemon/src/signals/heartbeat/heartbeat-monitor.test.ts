import type { EngineEvent } from "@orbt/core";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/support/wait-for.js";
import { parseConfigText } from "../../config/parse-config-text.js";
import { createLogger } from "../../create-logger.js";
import { HeartbeatMonitor } from "./heartbeat-monitor.js";

const CONFIG = `services:
  - name: worker
    heartbeat: { every: 200ms, missed: 2 }
  - name: web
`;

function monitorOf() {
  const parsed = parseConfigText(CONFIG, "orbt.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const events: EngineEvent[] = [];
  const active = new Set<string>();
  const monitor = new HeartbeatMonitor({
    services: parsed.value.services,
    sink: {
      dispatch: async (event) => {
        events.push(event);
        if (event.type === "SymptomSeen") active.add(event.service);
        if (event.type === "SymptomCleared") active.delete(event.service);
      },
      isSourceActive: (service) => active.has(service),
    },
    log: createLogger({ level: "silent", destination: { write: () => undefined } }),
  });
  return { monitor, events };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stopping: HeartbeatMonitor | undefined;
afterEach(() => stopping?.stop());

describe("HeartbeatMonitor", () => {
  it("raises health_check_failures once `missed` beats in a row did not come, and clears it on the next", async () => {
    const { monitor, events } = monitorOf();
    stopping = monitor;
    monitor.start();
    await sleep(100);
    expect(await monitor.beat("worker")).toBe(true);
    // 400ms from the start have passed, but only 200ms since the beat.
    await sleep(300);
    expect(events).toEqual([]);
    await waitFor("the missed heartbeat", () => (events.length > 0 ? events : undefined), 2_000);
    expect(events).toEqual([
      {
        type: "SymptomSeen",
        service: "worker",
        pattern: "uptime_problems",
        symptom: "health_check_failures",
        source: "heartbeat",
        detail: "no heartbeat for 400ms: 2 beats missed (expected every 200ms)",
      },
    ]);
    await monitor.beat("worker");
    expect(events.at(-1)).toEqual({
      type: "SymptomCleared",
      service: "worker",
      pattern: "uptime_problems",
      source: "heartbeat",
    });
  });

  it("takes no beat from a service without a heartbeat", async () => {
    const { monitor, events } = monitorOf();
    expect(await monitor.beat("web")).toBe(false);
    expect(await monitor.beat("nobody")).toBe(false);
    expect(events).toEqual([]);
  });
});
