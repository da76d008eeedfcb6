import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EscalationReport } from "../../../packages/core/src/protocol/escalation-report.js";

const PAGE = readFileSync(new URL("../api.md", import.meta.url), "utf8");

describe("api.md's escalation report", () => {
  it("gives an example that is a report as the daemon sends it", () => {
    const section = PAGE.slice(PAGE.indexOf("### Escalation report"));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const parsed = EscalationReport.safeParse(JSON.parse(example!));
    expect(parsed.success, parsed.error?.message).toBe(true);
  });
});
