import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderConfigReference } from "../../../packages/daemon/src/config/render-config-reference.js";

const PAGE = readFileSync(new URL("../config-reference.md", import.meta.url), "utf8");
const rendered = renderConfigReference();

/** The rows of the generated tables: key and description cells. */
const rows = [...rendered.matchAll(/^\| `([^`]+)` +\|(?:[^\n]*?\|){3} ([^\n]*?) *\|$/gm)].map(
  ([, key, text]) => ({
    key: key!,
    description: text!,
  }),
);

describe("config-reference.md", () => {
  it("is what the config schema renders (run npm run docs:config after changing the schema)", () => {
    expect(PAGE === rendered, "apps/docs/config-reference.md is stale: run npm run docs:config").toBe(true);
  });

  it("lists the schema's keys, nested ones by path", () => {
    const keys = rows.map((row) => row.key);
    expect(keys).toContain("services[].checks[].http.conditions");
    expect(keys).toContain("notify.receivers[].email.smtp");
    expect(keys).toContain("escalation.triggers.SLA_breach.burn_rate");
  });

  it.each(rows)("describes $key (a .describe() next to its schema)", ({ description }) => {
    expect(description).not.toBe("");
    // VitePress reads a bare <tag> as HTML and {{ }} as Vue: such text goes in backticks.
    expect(description.replace(/`[^`]*`/g, "")).not.toMatch(/<|\{\{/);
  });

  it("writes defaults as a config file would, durations as durations", () => {
    expect(rendered).toMatch(/^\| `automation\.cooldown` +\| duration +\| `5m` +\|/m);
    expect(rendered).toMatch(/^\| `backup\.schedule` +\| cron expression +\| required +\|/m);
  });
});
