/**
 * The home page's frontmatter. It lives here rather than in index.md because Biome's Markdown
 * formatter does not recognise frontmatter and flattens its YAML.
 */
export const HOME_PAGE = {
  layout: "home",
  hero: {
    name: "Orbt",
    text: "Monitoring that repairs before it pages",
    tagline:
      "A self-hosted daemon that watches your services, runs the fix it knows works, checks that it held, and hands a human a complete report only when two strikes have failed.",
    actions: [
      { theme: "brand", text: "Quick start", link: "/quick-start" },
      { theme: "alt", text: "Concepts", link: "/concepts" },
      { theme: "alt", text: "Configuration", link: "/configuration" },
    ],
  },
  features: [
    {
      title: "Three strikes, then a human",
      details:
        "Strike 1 runs the proven fix, strike 2 an alternative. Each must keep the symptom clear for a verify window. Strike 3 escalates with a report of everything that was tried.",
    },
    {
      title: "Learns what works",
      details:
        "Every remedy outcome is recorded per pattern, platform and solution. The fix with the best smoothed success rate goes first next time.",
    },
    {
      title: "Safe remedies",
      details:
        "Exec remedies run an argv without a shell, with timeouts and output caps. An action's intent is committed before it starts, so a crash never runs it twice.",
    },
    {
      title: "One daemon, one file",
      details:
        "A YAML config, SQLite in WAL mode under ./data, an API on 127.0.0.1:7070. orbtd validate names the line of every mistake.",
    },
    {
      title: "Open interfaces",
      details:
        "REST and a resumable WebSocket stream under /api/v1, Prometheus metrics on /metrics, JSON escalation reports to any webhook.",
    },
    {
      title: "SDK and terminal UI",
      details:
        "Report health from your own services with @orbt/sdk; follow, acknowledge and resolve incidents live in the orbt terminal UI.",
    },
  ],
};
