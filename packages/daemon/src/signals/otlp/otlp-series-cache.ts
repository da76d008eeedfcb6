import { SeriesRefCache } from "../remote-write/series-ref-cache.js";
import type { OtlpSeriesFamily } from "./translate-otlp-metrics.js";

/** A series the OTLP receiver appended to, by the store's ref; several keys may lead to it. */
export type CachedOtlpSeries = {
  /** What the store named it by; replaced by `replaceRef` once the store has dropped the series. */
  ref: unknown;
  /** The sweep period in which it was last looked up. */
  seen: number;
  /** The last request (`startRequest`) that found or added it. */
  request: number;
};

type FamilyId = { readonly id: number; seen: number };

/**
 * The series of translated OTLP samples, as Prometheus's OTLP receiver keeps series refs: a series sent
 * again costs no label building, sorting, limit check or index lookup, nor a string. A series is known by
 * its family and the bytes of its attributes key (`OtlpSampleColumns`), as remote_write's by its label
 * bytes (`SeriesRefCache`, whose guesses and sweeps this takes): the family, by a number given to its key,
 * and the bytes, by their hash computed on the decode thread. Keys spelling the same labels (attributes in
 * another order) share one entry, found by its ref. A sweep drops the series and families no lookup asked
 * for in two sweep periods; a period ends after `periodFactor` times as many lookups as there are keys,
 * so series sent regularly stay.
 */
export class OtlpSeriesCache {
  readonly #keys: SeriesRefCache;
  readonly #byRef = new Map<unknown, CachedOtlpSeries>();
  readonly #familyIds = new Map<string, FamilyId>();
  #nextFamilyId = 1;
  #period = 0;
  #lookups = 0;
  #request = 0;
  #hasRepeats = false;

  constructor(
    readonly periodFactor = 4,
    /** Lookups per period at the least, so that a small cache is not swept on every request. */
    readonly minLookups = 100_000,
  ) {
    this.#keys = new SeriesRefCache(periodFactor, minLookups);
  }

  /** Keys known. */
  get size(): number {
    return this.#keys.size;
  }

  /** Starts a request of samples of `families`, and gives the number each family is known by, in order. */
  startRequest(families: readonly OtlpSeriesFamily[]): Int32Array {
    this.#request += 1;
    this.#hasRepeats = false;
    const ids = new Int32Array(families.length);
    for (let index = 0; index < families.length; index++) {
      const family = families[index]!;
      let known = this.#familyIds.get(family.key);
      if (known === undefined) {
        known = { id: this.#nextFamilyId++, seen: this.#period };
        this.#familyIds.set(family.key, known);
      }
      known.seen = this.#period;
      ids[index] = known.id;
    }
    return ids;
  }

  /** Whether this request has found or added some series more than once. */
  get hasRepeats(): boolean {
    return this.#hasRepeats;
  }

  /**
   * The series of the request's next sample, of family `familyId` and the key at [start, end) of `keys`
   * with `hash`, if cached; a sample found nowhere is `add`ed or refused.
   */
  find(
    familyId: number,
    hash: number,
    keys: DataView,
    start: number,
    end: number,
  ): CachedOtlpSeries | undefined {
    this.#lookups += 1;
    if (this.#lookups >= this.minLookups && this.#lookups >= this.periodFactor * this.#keys.size) {
      this.#sweep();
    }
    const series = this.#keys.get(keys, start, end, familyId, hash) as CachedOtlpSeries | undefined;
    if (series !== undefined) this.#mark(series);
    return series;
  }

  /** Remembers the series of `ref` for the sample `find` just missed, sharing the entry of a ref already known. */
  add(
    familyId: number,
    hash: number,
    keys: DataView,
    start: number,
    end: number,
    ref: unknown,
  ): CachedOtlpSeries {
    let series = this.#byRef.get(ref);
    if (series === undefined) {
      series = { ref, seen: this.#period, request: -1 };
      this.#byRef.set(ref, series);
    }
    this.#mark(series);
    this.#keys.set(keys, start, end, series, familyId, hash);
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

  /**
   * Ends a period: series and families not looked up in this one or the one before go. (The key cache
   * counts the same lookups and keys, so its sweeps, which drop the keys, come with these.)
   */
  #sweep(): void {
    const oldest = this.#period - 1;
    // forEach, not for-of: an iterator allocates a result and an entry pair per entry.
    this.#byRef.forEach((series, ref) => {
      if (series.seen < oldest) this.#byRef.delete(ref);
    });
    // Numbers are never given twice, so a key left in the key cache under a dropped family's number
    // matches no later family.
    this.#familyIds.forEach((family, key) => {
      if (family.seen < oldest) this.#familyIds.delete(key);
    });
    this.#period += 1;
    this.#lookups = 0;
  }
}
