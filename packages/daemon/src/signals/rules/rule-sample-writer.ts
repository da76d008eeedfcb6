import type { Labels, RuleSample } from "@orbt/core";
import type { SeriesAppender, SeriesRefAppender } from "../series-appender.js";

/**
 * Appends the samples rules produce. Through an appender that takes refs, each label set is looked up
 * once rather than every round: an alert's ALERTS and ALERTS_FOR_STATE label sets are the same objects
 * round after round, and finding their series by labels (sorting and joining the names) cost more
 * than all else of appending a round.
 */
export class RuleSampleWriter {
  readonly #appender: SeriesAppender | SeriesRefAppender;
  // Label sets built anew each round (templated alert labels, recording rules' results) come and go
  // with their round; a WeakMap lets them.
  readonly #refs = new WeakMap<Labels, unknown>();

  constructor(appender: SeriesAppender | SeriesRefAppender) {
    this.#appender = appender;
  }

  write(samples: readonly RuleSample[]): void {
    const appender = this.#appender;
    if (!("appendRef" in appender)) {
      for (const s of samples) {
        appender.append(s.labels, [
          { timestampMs: s.timestampMs, value: s.value, isStale: s.isStale === true },
        ]);
      }
      return;
    }
    for (const s of samples) {
      const isStale = s.isStale === true;
      const ref = this.#refs.get(s.labels);
      // A ref the store no longer knows (retention dropped the series) is replaced.
      if (
        ref !== undefined &&
        appender.appendRef(ref, s.timestampMs, s.value, isStale) !== "unknown_series"
      ) {
        continue;
      }
      const fresh = appender.getOrCreateSeriesRef(s.labels);
      this.#refs.set(s.labels, fresh);
      appender.appendRef(fresh, s.timestampMs, s.value, isStale);
    }
  }
}
