import type { Incident } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { demoView } from "../test/support/demo-state.js";
import { describePhase } from "./describe-phase.js";

const api = demoView().state.incidents["inc-3"]!; // open, strike 2 running
const db = demoView().state.incidents["inc-2"]!; // escalated

describe("describePhase", () => {
  it.each<[string, Incident, string]>([
    ["a running action", api, "running"],
    ["an incident waiting for capacity", { ...api, phase: { kind: "queued", since: 0 } }, "queued"],
    [
      "a paused one, with why",
      { ...api, phase: { kind: "held", reason: "paused", since: 0 } },
      "held (paused)",
    ],
    ["a re-check", { ...api, phase: { kind: "rechecking", remedyIndex: 1, since: 0 } }, "rechecking"],
    [
      "a remedy awaiting approval",
      {
        ...api,
        phase: { kind: "awaiting_approval", remedyIndex: 1, solution: "failover_activation", since: 0 },
      },
      "awaiting approval",
    ],
    ["an escalated incident, by its state", db, "escalated"],
  ])("names %s", (_case, incident, expected) => {
    expect(describePhase(incident)).toBe(expected);
  });
});
