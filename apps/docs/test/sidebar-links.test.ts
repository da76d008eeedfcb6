import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import config from "../.vitepress/config.js";

const DOCS_DIR = fileURLToPath(new URL("..", import.meta.url));

type Link = { readonly text?: string; readonly link?: string; readonly items?: readonly Link[] };

function collectLinks(items: readonly Link[]): string[] {
  return items.flatMap((item) => [
    ...(item.link === undefined ? [] : [item.link]),
    ...collectLinks(item.items ?? []),
  ]);
}

function pageFileOf(link: string): string {
  const path = link
    .split("#")[0]!
    .replace(/^\//, "")
    .replace(/\.(md|html)$/, "");
  return `${DOCS_DIR}${path === "" || path.endsWith("/") ? `${path}index` : path}.md`;
}

const theme = config.themeConfig ?? {};
const sidebarLinks = collectLinks(Array.isArray(theme.sidebar) ? (theme.sidebar as Link[]) : []);
const navLinks = collectLinks((theme.nav ?? []) as Link[]);

describe("site navigation", () => {
  it("has a sidebar entry for every page", () => {
    expect(sidebarLinks.map(pageFileOf).sort()).toEqual(
      [
        "quick-start",
        "concepts",
        "detectors",
        "knowledge",
        "safety-rails",
        "escalation",
        "notifications",
        "reports",
        "drills",
        "fleet",
        "configuration",
        "config-reference",
        "api",
        "sdk",
        "tui",
        "install",
        "operations",
        "high-availability",
        "readiness",
      ]
        .map((page) => `${DOCS_DIR}${page}.md`)
        .sort(),
    );
  });

  it.each([...sidebarLinks, ...navLinks])("links %s to an existing page", (link) => {
    expect(existsSync(pageFileOf(link)), pageFileOf(link)).toBe(true);
  });
});
