import { type EngineEvent, step } from "@orbt/core";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { demoView } from "../test/support/demo-state.js";
import { SilencesScreen } from "./SilencesScreen.js";

describe("SilencesScreen", () => {
  it("lists each silence's state, matchers, author, comment, end and count, expired ones last", () => {
    const { state } = demoView();
    const at = state.incidents["inc-3"]!.updatedAt;
    const silence = (id: string, service: string, comment: string): EngineEvent => ({
      type: "SilenceCreated",
      silence: {
        id,
        matchers: [
          { name: "service", type: "=", value: service },
          { name: "pattern", type: "=~", value: "uptime_.*" },
        ],
        createdBy: "ana",
        comment,
        startsAt: at,
        endsAt: at + 3_600_000,
      },
    });
    let current = step(state, silence("s-1", "web", "failover drill"), at).state;
    current = step(current, silence("s-2", "api", "planned restart"), at + 1).state;
    current = step(current, { type: "SilenceExpired", silenceId: "s-1", by: "bo" }, at + 2).state;
    current = step(
      current,
      {
        type: "SymptomSeen",
        service: "api",
        pattern: "uptime_problems",
        symptom: "service_unavailable",
        source: "x",
      },
      at + 3,
    ).state;
    const frame = render(<SilencesScreen state={current} />).lastFrame() ?? "";
    const rows = frame.split("\n");
    expect(rows[0]).toMatch(/STATE\s+MATCHERS\s+AUTHOR\s+COMMENT\s+ENDS\s+COUNT/);
    expect(rows[1]).toMatch(
      /active\s+service="api" pattern=~"uptime_\.\*"\s+ana\s+planned restart\s+\S+\s+1/,
    );
    expect(rows[2]).toMatch(
      /expired\s+service="web" pattern=~"uptime_\.\*"\s+ana\s+failover drill\s+\S+\s+0/,
    );
  });

  it("says how to create one when there are none", () => {
    const frame = render(<SilencesScreen state={demoView().state} />).lastFrame() ?? "";
    expect(frame).toContain("No silences");
  });
});
