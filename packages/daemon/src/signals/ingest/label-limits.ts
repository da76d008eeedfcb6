import type { Sample } from "./sample.js";

export type LabelLimits = {
  readonly maxLabelCount: number;
  readonly maxLabelNameLength: number;
  readonly maxLabelValueLength: number;
};

export type LabelLimitViolation = {
  readonly code: "too_many_labels" | "label_name_too_long" | "label_value_too_long";
  readonly metric: string;
  readonly message: string;
};

/** The first limit the label set (`__name__` included) breaks, if any. */
export function findLabelLimitViolation(
  labels: Sample["labels"],
  limits: LabelLimits,
): LabelLimitViolation | undefined {
  const metric = labels.__name__ ?? "";
  const entries = Object.entries(labels);
  if (entries.length > limits.maxLabelCount) {
    return {
      code: "too_many_labels",
      metric,
      message: `${entries.length} labels exceed the limit of ${limits.maxLabelCount}`,
    };
  }
  for (const [name, value] of entries) {
    if (name.length > limits.maxLabelNameLength) {
      return {
        code: "label_name_too_long",
        metric,
        message: `label name "${name.slice(0, 64)}…" is longer than ${limits.maxLabelNameLength}`,
      };
    }
    if (value.length > limits.maxLabelValueLength) {
      return {
        code: "label_value_too_long",
        metric,
        message: `value of label "${name}" is longer than ${limits.maxLabelValueLength}`,
      };
    }
  }
  return undefined;
}
