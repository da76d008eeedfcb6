import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SEED_PATTERNS } from "../../../packages/core/src/patterns/pattern-catalog.js";

const PAGE = readFileSync(new URL("../concepts.md", import.meta.url), "utf8");

/** The backticked names after `- **label**:` in the `### \`pattern\`` section. */
function listedNames(pattern: string, label: string): string[] {
  const start = PAGE.indexOf(`### \`${pattern}\`\n`);
  if (start === -1) return [];
  const end = PAGE.indexOf("\n#", start + 1);
  const section = PAGE.slice(start, end === -1 ? undefined : end);
  const line = section.split("\n").find((text) => text.startsWith(`- **${label}**:`)) ?? "";
  return [...line.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

describe("concepts.md seed patterns", () => {
  it.each(SEED_PATTERNS)("lists $name as the catalog defines it", (pattern) => {
    expect(listedNames(pattern.name, "Symptoms")).toEqual(pattern.symptoms);
    expect(listedNames(pattern.name, "Strike 1 solutions")).toEqual(pattern.strike1Solutions);
    expect(listedNames(pattern.name, "Strike 2 alternatives")).toEqual(pattern.strike2Alternatives);
    expect(listedNames(pattern.name, "Escalation triggers")).toEqual(pattern.escalationTriggers);
  });
});
