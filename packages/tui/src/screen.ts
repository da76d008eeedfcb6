/** In key order: `1` is the overview, `6` the silences (also `s`). */
export const SCREENS = ["overview", "incidents", "detail", "escalations", "knowledge", "silences"] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<Screen, string> = {
  overview: "Overview",
  incidents: "Incidents",
  detail: "Detail",
  escalations: "Escalations",
  knowledge: "Knowledge",
  silences: "Silences",
};
