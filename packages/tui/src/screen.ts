/** In key order: `1` is the overview, `6` the silences (also `s`), `7` the readiness, `8` the hosts (also `h`). */
export const SCREENS = [
  "overview",
  "incidents",
  "detail",
  "escalations",
  "knowledge",
  "silences",
  "readiness",
  "hosts",
] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<Screen, string> = {
  overview: "Overview",
  incidents: "Incidents",
  detail: "Detail",
  escalations: "Escalations",
  knowledge: "Knowledge",
  silences: "Silences",
  readiness: "Readiness",
  hosts: "Hosts",
};
