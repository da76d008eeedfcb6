import { describe, expect, it } from "vitest";
import { runConformance } from "./cli.js";
import floors from "./floors.json" with { type: "json" };

// In CI the Prometheus test data sits next to the repository: <repo root>/../shared/promqltest.
const REPO_ROOT = new URL("../../../../../", import.meta.url);
const dir = process.env.PROMQLTEST_DIR ?? new URL("../shared/promqltest/", REPO_ROOT);

describe("PromQL conformance (promqltest files)", () => {
  const reports = runConformance(dir);
  const byFile = new Map(reports.map((r) => [r.file, r.report]));

  it("runs every file that has a recorded floor", () => {
    expect([...byFile.keys()]).toEqual(expect.arrayContaining(Object.keys(floors)));
  });

  for (const [file, floor] of Object.entries(floors as Record<string, number>)) {
    it(`${file} passes at least ${floor} evals`, () => {
      const report = byFile.get(file);
      const failures = report?.outcomes.filter((o) => o.status === "failed") ?? [];
      expect(
        report?.passed,
        failures.map((f) => `${f.name}: ${"reason" in f ? f.reason : ""}`).join("\n"),
      ).toBeGreaterThanOrEqual(floor);
    });
  }
});
