import type { Labels } from "@orbt/core";
import { seriesKey } from "./append-samples.js";
import { findLabelLimitViolation, type LabelLimits } from "./label-limits.js";
import type { SeriesCardinality } from "./series-cardinality.js";

/** Why a receiver refuses a series it has not stored before. */
export type NewSeriesRefusal = "label_limits" | "cardinality_limit";

/**
 * Checks a series no cache of the receiver knew: first the label limits, then its service's (`job`'s)
 * cardinality budget, which an admitted series takes a place in.
 */
export function refuseNewSeries(
  labels: Labels,
  limits: LabelLimits,
  cardinality: SeriesCardinality,
): NewSeriesRefusal | undefined {
  if (findLabelLimitViolation(labels, limits) !== undefined) return "label_limits";
  if (!cardinality.admit(labels.job ?? "", seriesKey(labels))) return "cardinality_limit";
  return undefined;
}
