import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const DOCS_DIR = new URL("../", import.meta.url);
const PAGES = readdirSync(DOCS_DIR).filter((name) => name.endsWith(".md"));
const markdownOf = (page: string) => readFileSync(new URL(page, DOCS_DIR), "utf8");

/** VitePress's heading slug: punctuation runs become "-", lower case. */
function slugify(heading: string): string {
  return heading
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'<>,.?/]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}

function anchorsOf(page: string): Set<string> {
  const withoutCode = markdownOf(page).replace(/```[\s\S]*?```/g, "");
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slugify(match[1]!)));
}

const links = PAGES.flatMap((page) =>
  [...markdownOf(page).matchAll(/\]\((\.\/[a-z-]+\.md)?#([a-z0-9-]+)\)/g)].map((match) => ({
    from: page,
    target: match[1] === undefined ? page : match[1].slice(2),
    anchor: match[2]!,
  })),
);

describe("links to headings", () => {
  it("computes VitePress slugs", () => {
    expect(slugify("GET /incidents/:id")).toBe("get-incidents-id");
    expect(slugify("`deployment_failures`")).toBe("deployment-failures");
  });

  it.each(links)("$from → $target#$anchor exists", ({ target, anchor }) => {
    expect(PAGES).toContain(target);
    expect([...anchorsOf(target)]).toContain(anchor);
  });
});
