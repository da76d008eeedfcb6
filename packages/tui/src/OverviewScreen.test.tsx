import { stripVTControlCharacters } from "node:util";
import { step } from "@orbt/core";
import { OrbtApiError } from "@orbt/sdk";
import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { demoReport, demoView } from "../test/support/demo-state.js";
import { OverviewScreen } from "./OverviewScreen.js";

// Colour support is decided when ink's colour library loads, so it must be forced before the imports.
vi.hoisted(() => {
  process.env.FORCE_COLOR = "1";
});

const NO_FIGURES = { figures: null, readiness: null, drills: null, error: null };

describe("OverviewScreen", () => {
  it("shows the report's dashboard figures, and says so while it is read or when it could not be", () => {
    const { state } = demoView();
    const figures = { ...demoReport().dashboard, mean_time_to_resolve_ms: 95_000, uptime_percent: 99.5 };
    const shown =
      render(
        <OverviewScreen state={state} dashboard={{ figures, readiness: 58, drills: null, error: null }} />,
      ).lastFrame() ?? "";
    const flat = stripVTControlCharacters(shown).replace(/\s+/g, " ");
    expect(flat).toContain("Dashboard (last 24h)");
    expect(flat).toContain(
      `auto-resolved (strike 1): ${figures.auto_resolved} · alternative fixes (strike 2): ${figures.alternative_fixes}`,
    );
    expect(flat).toContain(`documented fixes: ${figures.documented_fixes}`);
    expect(flat).toContain("mean time to resolve: 1m35s");
    const uneven = { ...figures, mean_time_to_resolve_ms: 6_999 };
    const rounded =
      render(
        <OverviewScreen
          state={state}
          dashboard={{ figures: uneven, readiness: 58, drills: null, error: null }}
        />,
      ).lastFrame() ?? "";
    expect(stripVTControlCharacters(rounded)).toContain("mean time to resolve: 7s");
    expect(flat).toContain("uptime: 99.5%");
    expect(flat).toContain("handoff readiness: 58/100");
    const unassessed =
      render(
        <OverviewScreen state={state} dashboard={{ figures, readiness: null, drills: null, error: null }} />,
      ).lastFrame() ?? "";
    expect(stripVTControlCharacters(unassessed)).toContain("handoff readiness: not assessed");
    const reading = render(<OverviewScreen state={state} dashboard={NO_FIGURES} />).lastFrame() ?? "";
    expect(reading).toContain("reading the report…");
    const error = new OrbtApiError({
      code: "network_error",
      message: "GET /reports/current: refused",
      status: null,
    });
    const failed =
      render(
        <OverviewScreen state={state} dashboard={{ figures: null, readiness: null, drills: null, error }} />,
      ).lastFrame() ?? "";
    expect(failed).toContain("report not read: GET /reports/current: refused");
  });

  it("colours each service's status: GREEN green, YELLOW yellow, RED red", () => {
    const { state } = demoView();
    const frame = render(<OverviewScreen state={state} dashboard={NO_FIGURES} />).lastFrame() ?? "";
    const line = (service: string) => frame.split("\n").find((row) => row.includes(`${service} `)) ?? "";
    expect(line("web")).toContain("\u001B[32mGREEN");
    expect(line("api")).toContain("\u001B[33mYELLOW");
    expect(line("db")).toContain("\u001B[31mRED");
  });

  it("shows each service's ORBT mode: Build with the version while a deploy runs, Repair with an incident", () => {
    const { state } = demoView();
    const deploying = step(
      state,
      { type: "DeployReported", service: "web", version: "v2.4.1", status: "started" },
      0,
    ).state;
    const frame = render(<OverviewScreen state={deploying} dashboard={NO_FIGURES} />).lastFrame() ?? "";
    const line = (service: string) => frame.split("\n").find((row) => row.includes(`${service} `)) ?? "";
    expect(frame).toContain("MODE");
    expect(line("web")).toContain("\u001B[36mBuild v2.4.1");
    expect(line("api")).toContain("Repair");
    const idle = render(<OverviewScreen state={state} dashboard={NO_FIGURES} />).lastFrame() ?? "";
    expect(idle.split("\n").find((row) => row.includes("web ")) ?? "").toContain("Operate");
  });

  it("names the services held as flapping on the automation line", () => {
    const { state } = demoView();
    const flapping = {
      ...state,
      flapping: { api: { changes: [1, 2, 3, 4, 5, 6], since: 6, incidentId: null } },
    };
    const frame = render(<OverviewScreen state={flapping} dashboard={NO_FIGURES} />).lastFrame() ?? "";
    expect(frame.split("\n").find((row) => row.includes("automation:"))).toContain("flapping: api");
    const calm = render(<OverviewScreen state={state} dashboard={NO_FIGURES} />).lastFrame() ?? "";
    expect(calm).not.toContain("flapping");
    expect(calm).not.toContain("maintenance");
  });

  it("names the services in a maintenance window and when it ends on the automation line", () => {
    const { state } = demoView();
    const endsAt = state.incidents["inc-3"]!.updatedAt + 3_600_000;
    const windowed = step(
      state,
      { type: "MaintenanceStarted", services: ["web"], endsAt },
      endsAt - 3_600_000,
    ).state;
    const frame = render(<OverviewScreen state={windowed} dashboard={NO_FIGURES} />).lastFrame() ?? "";
    expect(frame.split("\n").find((row) => row.includes("automation:"))).toMatch(
      /maintenance: web until \d\d:\d\d:\d\d/,
    );
  });

  it("shows the drills of the window: monitoring effectiveness and the times to detect and repair", () => {
    const { state } = demoView();
    const figures = demoReport().dashboard;
    const drills = {
      drills_run: 3,
      faults_injected: 2,
      faults_detected: 1,
      faults_repaired: 1,
      monitoring_effectiveness: 0.5,
      mean_time_to_detect_ms: 1_500,
      mean_time_to_repair_ms: 6_000,
      held_by_rails: 1,
    };
    const shown = (summary: typeof drills | null) =>
      stripVTControlCharacters(
        render(
          <OverviewScreen
            state={state}
            dashboard={{ figures, readiness: null, drills: summary, error: null }}
          />,
        ).lastFrame() ?? "",
      ).replace(/\s+/g, " ");
    expect(shown(drills)).toContain(
      "drills: 3 · monitoring effectiveness: 50% (1/2 detected) · time to detect 1.5s · to repair 6s · 1 held by a rail",
    );
    expect(shown(null)).toContain("drills: none in the window (orbtd drill SERVICE runs one)");
  });
});
