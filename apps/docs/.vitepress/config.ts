import { defineConfig } from "vitepress";

export default defineConfig({
  title: "Orbt",
  description: "Self-hosted monitoring and auto-remediation daemon",
  themeConfig: {
    nav: [{ text: "Guide", link: "/quick-start" }],
    sidebar: [
      {
        text: "Guide",
        items: [
          { text: "Quick start", link: "/quick-start" },
          { text: "Configuration", link: "/configuration" },
        ],
      },
    ],
  },
});
