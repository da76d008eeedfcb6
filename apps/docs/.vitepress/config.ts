import { defineConfig } from "vitepress";
import { HOME_PAGE } from "./home-page.js";

export default defineConfig({
  title: "Orbt",
  description: "Self-hosted monitoring and auto-remediation daemon",
  cleanUrls: true,
  transformPageData(pageData) {
    if (pageData.relativePath === "index.md")
      pageData.frontmatter = { ...HOME_PAGE, ...pageData.frontmatter };
  },
  themeConfig: {
    nav: [
      { text: "Guide", link: "/quick-start" },
      { text: "Configuration", link: "/configuration" },
      { text: "API", link: "/api" },
    ],
    sidebar: [
      {
        text: "Guide",
        items: [
          { text: "Quick start", link: "/quick-start" },
          { text: "Concepts", link: "/concepts" },
          { text: "Detectors", link: "/detectors" },
          { text: "Knowledge base", link: "/knowledge" },
          { text: "Safety rails", link: "/safety-rails" },
          { text: "Escalation", link: "/escalation" },
          { text: "Notifications", link: "/notifications" },
          { text: "Reports", link: "/reports" },
          { text: "Drills", link: "/drills" },
          { text: "Fleet", link: "/fleet" },
        ],
      },
      {
        text: "Reference",
        items: [
          { text: "Configuration", link: "/configuration" },
          { text: "Configuration reference", link: "/config-reference" },
          { text: "REST and stream API", link: "/api" },
          { text: "SDK", link: "/sdk" },
          { text: "Terminal UI", link: "/tui" },
        ],
      },
      {
        text: "Running Orbt",
        items: [
          { text: "Install", link: "/install" },
          { text: "Operations", link: "/operations" },
          { text: "High availability", link: "/high-availability" },
          { text: "Production readiness", link: "/readiness" },
        ],
      },
    ],
    search: { provider: "local" },
    outline: { level: [2, 3] },
  },
});
