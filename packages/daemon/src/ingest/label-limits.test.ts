import { expect, it } from "vitest";
import { enforceLabelLimits } from "./label-limits.js";

const LIMITS = { maxLabelCount: 3, maxLabelNameLength: 10, maxLabelValueLength: 5 };

it("keeps samples within the limits and names the violation of the others", () => {
  const fine = { labels: { __name__: "up", job: "api" }, timestampMs: 1, value: 1 };
  const outcome = enforceLabelLimits(
    [
      fine,
      { labels: { __name__: "up", a: "1", b: "2", c: "3" }, timestampMs: 1, value: 1 },
      { labels: { __name__: "up", very_long_name: "1" }, timestampMs: 1, value: 1 },
      { labels: { __name__: "up", job: "toolong" }, timestampMs: 1, value: 1 },
    ],
    LIMITS,
  );
  expect(outcome.accepted).toEqual([fine]);
  expect(outcome.rejected.map((violation) => [violation.code, violation.metric])).toEqual([
    ["too_many_labels", "up"],
    ["label_name_too_long", "up"],
    ["label_value_too_long", "up"],
  ]);
});
