import type { Labels } from "@orbt/core";
import { type OtlpSeriesFamily, otlpSeriesKey } from "./translate-otlp-metrics.js";

/** A series the OTLP receiver appended to, by the store's ref; several keys may lead to it. */
export type CachedOtlpSeries = {
  /** What the store named it by; replaced by `replaceRef` once the store has dropped the series. */
  ref: unknown;
  /** Its labels, checked against the limits and admitted, from which the store can make it again. */
  readonly labels: Labels;
  /** The `attributesKey` it was first cached with. */
  readonly attributesKey: string;
  /** The sweep period in which it was last looked up. */
  seen: number;
  /** The last request (`startRequest`) that found or added it. */
  request: number;
};

/** The series a family's samples had, by position, in the last request that sent the family and this one. */
type FamilyOrder = {
  last: (CachedOtlpSeries | undefined)[];
  current: (CachedOtlpSeries | undefined)[];
  request: number;
  seen: number;
};

/**
 * The series of translated OTLP samples, as Prometheus's OTLP receiver keeps series refs: a series sent
 * again costs no label building, sorting, limit check or index lookup. Exporters send a metric's series in
 * the same order each time, so the series a family's sample had at the same position in the last request
 * is tried first, its attributes key compared; else the sample's key (`otlpSeriesKey`) is looked up. Keys
 * spelling the same labels (attributes in another order) share one entry, found by its ref. A sweep drops
 * the series no lookup asked for in two sweep periods; a period ends after `periodFactor` times as many
 * lookups as there are keys, so series sent regularly stay.
 */
export class OtlpSeriesCache {
  readonly #byKey = new Map<string, CachedOtlpSeries>();
  readonly #byRef = new Map<unknown, CachedOtlpSeries>();
  readonly #families = new Map<string, FamilyOrder>();
  #period = 0;
  #lookups = 0;
  #request = 0;
  #hasRepeats = false;
  #lastFamily: OtlpSeriesFamily | undefined;
  #lastOrder: FamilyOrder | undefined;

  constructor(
    readonly periodFactor = 4,
    /** Lookups per period at the least, so that a small cache is not swept on every request. */
    readonly minLookups = 100_000,
  ) {}

  /** Keys known. */
  get size(): number {
    return this.#byKey.size;
  }

  /** Starts a request: the samples of each family count their positions from 0 again. */
  startRequest(): void {
    this.#request += 1;
    this.#hasRepeats = false;
    this.#lastFamily = undefined;
  }

  /** Whether this request has found or added some series more than once. */
  get hasRepeats(): boolean {
    return this.#hasRepeats;
  }

  /**
   * The series of the request's next sample, of `family` and `attributesKey`, if cached; a sample found
   * nowhere is `add`ed or refused.
   */
  find(family: OtlpSeriesFamily, attributesKey: string): CachedOtlpSeries | undefined {
    this.#lookups += 1;
    if (this.#lookups >= this.minLookups && this.#lookups >= this.periodFactor * this.#byKey.size) {
      this.#sweep();
    }
    const order = this.#orderOf(family);
    const guess = order.last[order.current.length];
    const series =
      guess !== undefined && guess.attributesKey === attributesKey
        ? guess
        : this.#byKey.get(otlpSeriesKey(family, attributesKey));
    order.current.push(series);
    if (series !== undefined) this.#mark(series);
    return series;
  }

  /**
   * Remembers the series of `ref` for the sample `find` just missed, sharing the entry of a ref already
   * known.
   */
  add(family: OtlpSeriesFamily, attributesKey: string, ref: unknown, labels: Labels): CachedOtlpSeries {
    let series = this.#byRef.get(ref);
    if (series === undefined) {
      series = { ref, labels, attributesKey, seen: this.#period, request: -1 };
      this.#byRef.set(ref, series);
    }
    this.#mark(series);
    this.#byKey.set(otlpSeriesKey(family, attributesKey), series);
    const { current } = this.#orderOf(family);
    current[current.length - 1] = series;
    return series;
  }

  /** Gives `series` the ref the store made anew for its labels after dropping the old one. */
  replaceRef(series: CachedOtlpSeries, ref: unknown): void {
    this.#byRef.delete(series.ref);
    series.ref = ref;
    this.#byRef.set(ref, series);
  }

  #mark(series: CachedOtlpSeries): void {
    series.seen = this.#period;
    if (series.request === this.#request) this.#hasRepeats = true;
    series.request = this.#request;
  }

  #orderOf(family: OtlpSeriesFamily): FamilyOrder {
    if (family === this.#lastFamily) return this.#lastOrder!;
    let order = this.#families.get(family.key);
    if (order === undefined) {
      order = { last: [], current: [], request: this.#request, seen: this.#period };
      this.#families.set(family.key, order);
    } else if (order.request !== this.#request) {
      order.last = order.current;
      order.current = [];
      order.request = this.#request;
      order.seen = this.#period;
    }
    this.#lastFamily = family;
    this.#lastOrder = order;
    return order;
  }

  /** Ends a period: series not looked up in this one or the one before go, with all their keys. */
  #sweep(): void {
    const oldest = this.#period - 1;
    // forEach, not for-of: an iterator allocates a result and an entry pair per entry.
    this.#byKey.forEach((series, key) => {
      if (series.seen < oldest) this.#byKey.delete(key);
    });
    this.#byRef.forEach((series, ref) => {
      if (series.seen < oldest) this.#byRef.delete(ref);
    });
    // A family's orders hold series found in its last request, seen no earlier than the family was: a
    // family that stays holds no series dropped here.
    this.#families.forEach((order, key) => {
      if (order.seen < oldest) this.#families.delete(key);
    });
    this.#lastFamily = undefined;
    this.#period += 1;
    this.#lookups = 0;
  }
}
