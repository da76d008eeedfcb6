import type { LabelMatcher, SeriesStore } from "@orbt/core";
import type { LabelIndex } from "./label-index.js";
import { PROMETHEUS_MAX_TIME_MS, PROMETHEUS_MIN_TIME_MS } from "./parse-prometheus-time.js";

const EVERY_NAMED_SERIES: readonly LabelMatcher[] = [{ name: "__name__", type: "=~", value: ".+" }];

/** A `LabelIndex` for stores without one: scans every selected series. */
export function scanLabelIndex(store: SeriesStore): LabelIndex {
  return {
    labelNames(
      matchers = EVERY_NAMED_SERIES,
      minTimeMs = PROMETHEUS_MIN_TIME_MS,
      maxTimeMs = PROMETHEUS_MAX_TIME_MS,
    ) {
      const names = new Set<string>();
      for (const series of store.select(matchers, minTimeMs, maxTimeMs)) {
        for (const [name, value] of Object.entries(series.labels)) if (value !== "") names.add(name);
      }
      return names;
    },
    labelValues(
      name,
      matchers = EVERY_NAMED_SERIES,
      minTimeMs = PROMETHEUS_MIN_TIME_MS,
      maxTimeMs = PROMETHEUS_MAX_TIME_MS,
    ) {
      const values = new Set<string>();
      for (const series of store.select(matchers, minTimeMs, maxTimeMs)) {
        const value = series.labels[name];
        if (value !== undefined && value !== "") values.add(value);
      }
      return values;
    },
  };
}
