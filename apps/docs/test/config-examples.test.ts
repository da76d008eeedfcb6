import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "../../../packages/daemon/src/config/config-problem.js";
import { parseConfigText } from "../../../packages/daemon/src/config/parse-config-text.js";

/** Pages whose ```yaml blocks are all Orbt configs a reader may copy. */
const PAGES = ["index.md", "quick-start.md", "fleet.md"];

const examples = PAGES.flatMap((page) => {
  const markdown = readFileSync(new URL(`../${page}`, import.meta.url), "utf8");
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match, index) => ({
    name: `${page} example ${index + 1}`,
    yaml: match[1]!,
  }));
});

describe("config examples outside the reference", () => {
  it("finds one on each page", () => {
    expect(examples.map((example) => example.name)).toEqual([
      "index.md example 1",
      "quick-start.md example 1",
      "fleet.md example 1",
      "fleet.md example 2",
      "fleet.md example 3",
      "fleet.md example 4",
    ]);
  });

  it.each(examples)("$name is a valid config", ({ yaml }) => {
    const parsed = parseConfigText(yaml, "orbt.yaml");
    expect(parsed.ok ? [] : parsed.error.map(formatConfigProblem)).toEqual([]);
  });
});
