import { describe, expect, it } from "vitest";
import { demoView } from "../test/support/demo-state.js";
import { type KeyPress, type Navigation, navigate, START_NAVIGATION } from "./navigate.js";
import { sortIncidents } from "./sort-incidents.js";

const { state, history } = demoView();
const incidents = sortIncidents(state, history); // inc-3 (open), inc-2 (escalated), inc-1 (resolved)

function key(input: string, extra: Partial<KeyPress> = {}): KeyPress {
  return {
    input,
    tab: false,
    shift: false,
    return: false,
    escape: false,
    upArrow: false,
    downArrow: false,
    ...extra,
  };
}

function typeKeys(keys: KeyPress[], from: Navigation = START_NAVIGATION) {
  const commands = [];
  let navigation = from;
  for (const pressed of keys) {
    const stepped = navigate(navigation, pressed, incidents);
    navigation = stepped.navigation;
    if (stepped.command !== undefined) commands.push(stepped.command);
  }
  return { navigation, commands };
}

describe("navigate", () => {
  it("cycles screens with tab and shift-tab and jumps with digits", () => {
    expect(typeKeys([key("", { tab: true })]).navigation.screen).toBe("incidents");
    expect(typeKeys([key("", { tab: true, shift: true })]).navigation.screen).toBe("hosts");
    expect(typeKeys([key("4")]).navigation.screen).toBe("escalations");
    expect(typeKeys([key("2"), key("s")]).navigation.screen).toBe("silences");
    expect(typeKeys([key("6")]).navigation.screen).toBe("silences");
    expect(typeKeys([key("7")]).navigation.screen).toBe("readiness");
    expect(typeKeys([key("7"), key("9")]).navigation.screen).toBe("readiness");
    expect(typeKeys([key("8")]).navigation.screen).toBe("hosts");
    expect(typeKeys([key("h")]).navigation.screen).toBe("hosts");
  });

  it("moves within bounds and opens the chosen incident", () => {
    const down = key("", { downArrow: true });
    const { navigation } = typeKeys([key("2"), down, down, down, key("k"), key("", { return: true })]);
    expect(navigation).toEqual({ screen: "detail", chosenId: "inc-2" });
    expect(typeKeys([key("", { escape: true })], navigation).navigation.screen).toBe("incidents");
  });

  it("acks and resolves only from the incident screens", () => {
    expect(typeKeys([key("a"), key("r")]).commands).toEqual([]);
    expect(typeKeys([key("2"), key("j"), key("a"), key("3"), key("r"), key("q")]).commands).toEqual([
      { type: "acknowledge", incidentId: "inc-2" },
      { type: "resolve", incidentId: "inc-2" },
      { type: "quit" },
    ]);
  });

  it("approves and denies the selected incident with A and D, only from the incident screens", () => {
    expect(typeKeys([key("A"), key("D")]).commands).toEqual([]);
    expect(typeKeys([key("2"), key("A"), key("j"), key("3"), key("D")]).commands).toEqual([
      { type: "approve", incidentId: "inc-3" },
      { type: "deny", incidentId: "inc-2" },
    ]);
  });

  it("toggles automation with p on every screen", () => {
    expect(typeKeys([key("p"), key("2"), key("p"), key("5"), key("p")]).commands).toEqual([
      { type: "toggle_automation" },
      { type: "toggle_automation" },
      { type: "toggle_automation" },
    ]);
    expect(navigate({ screen: "incidents", chosenId: undefined }, key("p"), [])).toEqual({
      navigation: { screen: "incidents", chosenId: undefined },
      command: { type: "toggle_automation" },
    });
  });

  it("does nothing on the incident screens when there are no incidents", () => {
    const stepped = navigate({ screen: "incidents", chosenId: undefined }, key("a"), []);
    expect(stepped).toEqual({ navigation: { screen: "incidents", chosenId: undefined } });
  });
});
