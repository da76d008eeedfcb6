import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { demoView } from "../test/support/demo-state.js";
import { IncidentsScreen } from "./IncidentsScreen.js";

describe("IncidentsScreen", () => {
  it("shows a window of a long list that keeps the selected incident on screen", () => {
    const template = demoView().history.recentResolved[0]!;
    const incidents = Array.from({ length: 50 }, (_, index) => ({ ...template, id: `inc-${index + 1}` }));
    const frame = render(<IncidentsScreen incidents={incidents} selectedId="inc-40" />).lastFrame() ?? "";
    expect(frame).toContain("↑ 29 more");
    expect(frame).toContain("↓ 1 more");
    expect(frame).toMatch(/› inc-40 /);
    expect(frame).not.toMatch(/inc-29 /);
  });
});
