import { expect, it } from "vitest";
import { findLabelLimitViolation } from "./label-limits.js";

const LIMITS = { maxLabelCount: 3, maxLabelNameLength: 10, maxLabelValueLength: 5 };

it("passes label sets within the limits and names the violation of the others", () => {
  const labelSets: Record<string, string>[] = [
    { __name__: "up", job: "api" },
    { __name__: "up", a: "1", b: "2", c: "3" },
    { __name__: "up", very_long_name: "1" },
    { __name__: "up", job: "toolong" },
  ];
  const violations = labelSets.map((labels) => findLabelLimitViolation(labels, LIMITS));
  expect(violations.map((violation) => violation && [violation.code, violation.metric])).toEqual([
    undefined,
    ["too_many_labels", "up"],
    ["label_name_too_long", "up"],
    ["label_value_too_long", "up"],
  ]);
});
