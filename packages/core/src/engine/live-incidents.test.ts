import { describe, expect, it } from "vitest";
import { shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown, serviceUp } from "../../test/support/web-symptoms.js";
import { initialState } from "./initial-state.js";
import { liveIncidents } from "./live-incidents.js";
import { step } from "./step.js";

describe("liveIncidents", () => {
  it("lists one incidents record once, and a record a step replaced afresh", () => {
    const empty = initialState(shopSettings([]), []);
    const opened = step(step(empty, serviceDown("web"), 0).state, serviceDown("api"), 1).state;
    const first = liveIncidents(opened);
    expect(liveIncidents({ ...opened })).toBe(first);
    expect(first.map((incident) => incident.service).sort()).toEqual(["api", "web"]);

    const healed = step(opened, serviceUp("web"), 2).state;
    const later = step(healed, { type: "Tick" }, 10 * 60_000).state;
    expect(Object.keys(later.incidents)).not.toContain(first.find((each) => each.service === "web")?.id);
    expect(liveIncidents(later).map((incident) => incident.service)).toEqual(["api"]);
    expect(liveIncidents(opened)).toBe(first);
  });
});
