import { DEFAULT_SPAN_BOUNDS_SECONDS } from "./span-red-aggregate.js";
import type { SpanSample } from "./translate-otlp-spans.js";

/**
 * When a service's requests (server and consumer spans) look broken or slow over the last `windowMs`.
 * Fewer than `minSpans` requests in the window say nothing either way.
 */
export type SpanThreshold = {
  /** The `job` (service) it applies to; every service when absent. */
  readonly service?: string;
  readonly windowMs: number;
  readonly minSpans: number;
  /** Error spans over all spans, e.g. 0.05. */
  readonly maxErrorRatio?: number;
  /** The `latencyQuantile` of durations, estimated from histogram buckets, e.g. 0.95. */
  readonly latencyQuantile: number;
  readonly maxLatencySeconds?: number;
};

export type SpanCheck = "error_ratio" | "latency";

/** Per check: breached, back under, or too few spans to say. */
export type SpanVerdict = {
  readonly service: string;
  readonly check: SpanCheck;
  readonly state: "breached" | "ok" | "unknown";
  readonly detail: string;
};

type Slot = { readonly second: number; total: number; errors: number; readonly bucketCounts: number[] };

const REQUEST_KINDS = new Set(["server", "consumer"]);
const SLOT_MS = 1_000;

/** Per-second counts of each service's request spans, kept as long as the longest threshold window. */
export class SpanWindow {
  readonly #slotsByService = new Map<string, Slot[]>();
  readonly #retainMs: number;

  constructor(readonly thresholds: readonly SpanThreshold[]) {
    this.#retainMs = Math.max(0, ...thresholds.map((threshold) => threshold.windowMs));
  }

  record(spans: readonly SpanSample[], nowMs: number): void {
    const second = Math.floor(nowMs / SLOT_MS);
    for (const span of spans) {
      if (!REQUEST_KINDS.has(span.spanKind) || this.#thresholdFor(span.job) === undefined) continue;
      const slots = this.#slotsByService.get(span.job) ?? [];
      this.#slotsByService.set(span.job, slots);
      let slot = slots[slots.length - 1];
      if (slot === undefined || slot.second !== second) {
        slot = { second, total: 0, errors: 0, bucketCounts: DEFAULT_SPAN_BOUNDS_SECONDS.map(() => 0) };
        slots.push(slot);
      }
      slot.total += 1;
      if (span.statusCode === "error") slot.errors += 1;
      const bucket = DEFAULT_SPAN_BOUNDS_SECONDS.findIndex((bound) => span.durationSeconds <= bound);
      if (bucket >= 0) slot.bucketCounts[bucket]! += 1;
    }
    this.#prune(nowMs);
  }

  /** The verdict of each check configured for each service seen in the window. */
  evaluate(nowMs: number): SpanVerdict[] {
    this.#prune(nowMs);
    const verdicts: SpanVerdict[] = [];
    for (const [service, slots] of this.#slotsByService) {
      const threshold = this.#thresholdFor(service);
      if (threshold === undefined) continue;
      const since = Math.floor((nowMs - threshold.windowMs) / SLOT_MS);
      const recent = slots.filter((slot) => slot.second > since);
      const total = recent.reduce((sum, slot) => sum + slot.total, 0);
      const isKnown = total >= threshold.minSpans && total > 0;
      if (threshold.maxErrorRatio !== undefined) {
        const ratio = recent.reduce((sum, slot) => sum + slot.errors, 0) / Math.max(total, 1);
        verdicts.push({
          service,
          check: "error_ratio",
          state: !isKnown ? "unknown" : ratio > threshold.maxErrorRatio ? "breached" : "ok",
          detail: `error ratio ${ratio.toFixed(3)} over ${total} spans in ${threshold.windowMs}ms (limit ${threshold.maxErrorRatio})`,
        });
      }
      if (threshold.maxLatencySeconds !== undefined) {
        const seconds = estimateQuantileSeconds(recent, total, threshold.latencyQuantile);
        verdicts.push({
          service,
          check: "latency",
          state: !isKnown ? "unknown" : seconds > threshold.maxLatencySeconds ? "breached" : "ok",
          detail: `p${threshold.latencyQuantile * 100} latency about ${seconds}s over ${total} spans (limit ${threshold.maxLatencySeconds}s)`,
        });
      }
    }
    return verdicts;
  }

  #thresholdFor(service: string): SpanThreshold | undefined {
    return this.thresholds.find(
      (threshold) => threshold.service === undefined || threshold.service === service,
    );
  }

  #prune(nowMs: number): void {
    const oldest = Math.floor((nowMs - this.#retainMs) / SLOT_MS);
    for (const [service, slots] of this.#slotsByService) {
      const kept = slots.filter((slot) => slot.second > oldest);
      if (kept.length === slots.length) continue;
      // An empty window keeps its service, so a verdict of "unknown" still reaches a service gone silent.
      this.#slotsByService.set(service, kept);
    }
  }
}

/** The upper bound of the bucket holding the quantile; Infinity when it lies past the last bound. */
function estimateQuantileSeconds(slots: readonly Slot[], total: number, quantile: number): number {
  const rank = quantile * total;
  let cumulative = 0;
  for (const [index, bound] of DEFAULT_SPAN_BOUNDS_SECONDS.entries()) {
    cumulative += slots.reduce((sum, slot) => sum + (slot.bucketCounts[index] ?? 0), 0);
    if (cumulative >= rank) return bound;
  }
  return Number.POSITIVE_INFINITY;
}
