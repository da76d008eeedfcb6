/** Remembers the series each service created and refuses new ones past the per-service limit. */
export class SeriesCardinality {
  readonly #seriesByService = new Map<string, Set<string>>();

  constructor(readonly maxSeriesPerService: number) {}

  /** True when the series is known or still fits its service's budget (and is then remembered). */
  admit(service: string, seriesKey: string): boolean {
    let series = this.#seriesByService.get(service);
    if (series === undefined) {
      series = new Set();
      this.#seriesByService.set(service, series);
    }
    if (series.has(seriesKey)) return true;
    if (series.size >= this.maxSeriesPerService) return false;
    series.add(seriesKey);
    return true;
  }
}
