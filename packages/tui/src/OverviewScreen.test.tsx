import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { demoView } from "../test/support/demo-state.js";
import { OverviewScreen } from "./OverviewScreen.js";

// Colour support is decided when ink's colour library loads, so it must be forced before the imports.
vi.hoisted(() => {
  process.env.FORCE_COLOR = "1";
});

describe("OverviewScreen", () => {
  it("colours each service's status: GREEN green, YELLOW yellow, RED red", () => {
    const { state, history } = demoView();
    const frame = render(<OverviewScreen state={state} history={history} />).lastFrame() ?? "";
    const line = (service: string) => frame.split("\n").find((row) => row.includes(`${service} `)) ?? "";
    expect(line("web")).toContain("\u001B[32mGREEN");
    expect(line("api")).toContain("\u001B[33mYELLOW");
    expect(line("db")).toContain("\u001B[31mRED");
  });
});
