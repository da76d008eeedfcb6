import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SEED_PATTERNS } from "../../../packages/core/src/patterns/pattern-catalog.js";
import { parseConfigText } from "../../../packages/daemon/src/config/parse-config-text.js";
import { defaultRuleGroups } from "../../../packages/daemon/src/signals/rules/default-rules.js";

const PAGE = readFileSync(new URL("../detectors.md", import.meta.url), "utf8");

/** The first backticked cell of each row of the table under `## heading`, with the row's second cell. */
function tableRows(heading: string): [string, string][] {
  const start = PAGE.indexOf(`\n## ${heading}\n`);
  const end = PAGE.indexOf("\n## ", start + 1);
  const section = PAGE.slice(start, end === -1 ? undefined : end);
  return section
    .split("\n")
    .filter((line) => /^\| `/.test(line))
    .map((line) => {
      const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
      return [cells[1]!.replaceAll("`", ""), cells[2]!.replaceAll("`", "")];
    });
}

describe("detectors.md", () => {
  it("lists every symptom of the seed catalog with its pattern, once", () => {
    const listed = tableRows("Symptoms and their detectors");
    const expected = SEED_PATTERNS.flatMap((pattern) =>
      pattern.symptoms.map((symptom) => [symptom, pattern.name]),
    );
    expect(listed).toEqual(expected);
  });

  it("lists every shipped rule with the symptom it raises", () => {
    const parsed = parseConfigText("{}", "orbt.yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const [loaded] = defaultRuleGroups(parsed.value.defaultRules, [{ scrape: [{}] }]);
    const shipped = (loaded?.group.rules ?? []).flatMap((rule) =>
      rule.kind === "alerting" ? [[rule.name, rule.labels.orbt_symptom ?? ""]] : [],
    );
    expect(shipped.length).toBeGreaterThan(0);
    expect(tableRows("Shipped rules")).toEqual(shipped);
  });
});
