import type { Incident } from "@orbt/core";
import { SCREENS, type Screen } from "./screen.js";

export type Navigation = { readonly screen: Screen; readonly chosenId: string | undefined };

/** The subset of ink's `Key` that navigation reads. */
export type KeyPress = {
  readonly input: string;
  readonly tab: boolean;
  readonly shift: boolean;
  readonly return: boolean;
  readonly escape: boolean;
  readonly upArrow: boolean;
  readonly downArrow: boolean;
};

export type Command =
  | { readonly type: "quit" }
  /** Pause automation when it runs, resume it when paused. */
  | { readonly type: "toggle_automation" }
  | { readonly type: "acknowledge"; readonly incidentId: string }
  | { readonly type: "resolve"; readonly incidentId: string }
  /** Answer the remedy the incident awaits approval for; the daemon refuses when it awaits none. */
  | { readonly type: "approve"; readonly incidentId: string }
  | { readonly type: "deny"; readonly incidentId: string };

export type NavigationStep = { readonly navigation: Navigation; readonly command?: Command };

export const START_NAVIGATION: Navigation = { screen: "overview", chosenId: undefined };

/** The chosen incident, or the first one when none was chosen or it has gone. */
export function selectIncident(navigation: Navigation, incidents: readonly Incident[]): Incident | undefined {
  return incidents.find((incident) => incident.id === navigation.chosenId) ?? incidents[0];
}

/** One key press; pure so that keys typed faster than React renders still apply in order. */
export function navigate(
  navigation: Navigation,
  key: KeyPress,
  incidents: readonly Incident[],
): NavigationStep {
  const { input } = key;
  const { screen } = navigation;
  if (input === "q") return { navigation, command: { type: "quit" } };
  if (input === "p") return { navigation, command: { type: "toggle_automation" } };
  if (key.tab) {
    const shift = key.shift ? -1 : 1;
    const next = SCREENS[(SCREENS.indexOf(screen) + shift + SCREENS.length) % SCREENS.length]!;
    return { navigation: { ...navigation, screen: next } };
  }
  if (input === "s") return { navigation: { ...navigation, screen: "silences" } };
  if (input === "h") return { navigation: { ...navigation, screen: "hosts" } };
  const numbered = /^[1-9]$/.test(input) ? SCREENS[Number(input) - 1] : undefined;
  if (numbered !== undefined) return { navigation: { ...navigation, screen: numbered } };
  if (screen !== "incidents" && screen !== "detail") return { navigation };

  const selected = selectIncident(navigation, incidents);
  if (selected === undefined) return { navigation };
  const move = input === "j" || key.downArrow ? 1 : input === "k" || key.upArrow ? -1 : 0;
  if (move !== 0 && screen === "incidents") {
    const index = Math.min(incidents.length - 1, Math.max(0, incidents.indexOf(selected) + move));
    return { navigation: { ...navigation, chosenId: incidents[index]?.id } };
  }
  if (key.return && screen === "incidents")
    return { navigation: { screen: "detail", chosenId: selected.id } };
  if (key.escape && screen === "detail") return { navigation: { ...navigation, screen: "incidents" } };
  if (input === "a") return { navigation, command: { type: "acknowledge", incidentId: selected.id } };
  if (input === "r") return { navigation, command: { type: "resolve", incidentId: selected.id } };
  if (input === "A") return { navigation, command: { type: "approve", incidentId: selected.id } };
  if (input === "D") return { navigation, command: { type: "deny", incidentId: selected.id } };
  return { navigation };
}
