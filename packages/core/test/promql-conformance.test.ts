import { describe, expect, it, type TestContext } from "vitest";
import type { LoadableStore, ScriptReport } from "../src/promql/conformance/run-test-script.js";
import type { LabelMatcher } from "../src/promql/label-matcher.js";
import { type Labels, labelsKey, normalizeLabels } from "../src/promql/labels.js";
import type { LatestSamples } from "../src/promql/latest-samples.js";
import type { AppendedSample } from "../src/promql/memory-series-store.js";
import type { StoredSeries } from "../src/promql/series-store.js";
import { ChunkedSeriesStore } from "../src/tsdb/chunked-series-store.js";
import { promqltestDirOrSkip, runConformance } from "./support/promqltest.js";
import floors from "./support/promqltest-floors.json" with { type: "json" };

const dir = promqltestDirOrSkip();

/** Holds every promqltest file run on stores from `makeStore` to its recorded floor of passing evals. */
function describeFloors(name: string, makeStore?: () => LoadableStore): void {
  describe(name, () => {
    const byFile =
      dir === undefined ? undefined : new Map(runConformance(dir, makeStore).map((r) => [r.file, r.report]));
    // Without the data each test still shows, skipped with a note; promqltestDirOrSkip said how to get it.
    const withReports = (check: (reports: ReadonlyMap<string, ScriptReport>) => void) => (ctx: TestContext) =>
      byFile === undefined ? ctx.skip("no promqltest data: set ORBT_PROMQLTEST_DIR") : check(byFile);

    it(
      "runs every file that has a recorded floor",
      withReports((reports) => {
        expect([...reports.keys()]).toEqual(expect.arrayContaining(Object.keys(floors)));
      }),
    );

    for (const [file, floor] of Object.entries(floors as Record<string, number>)) {
      it(
        `${file} passes at least ${floor} evals`,
        withReports((reports) => {
          const report = reports.get(file);
          const failures = report?.outcomes.filter((o) => o.status === "failed") ?? [];
          expect(
            report?.passed,
            failures.map((f) => `${f.name}: ${"reason" in f ? f.reason : ""}`).join("\n"),
          ).toBeGreaterThanOrEqual(floor);
        }),
      );
    }
  });
}

describeFloors("PromQL conformance (promqltest files)");

/**
 * promqltest scripts may load a series twice at the same timestamps and expect the last value to
 * win; the store rejects such conflicts as Prometheus's head does. So a script's loads are merged
 * (last wins) before the first query reads them.
 */
class LastWinsLoader implements LoadableStore {
  readonly #pending = new Map<string, { labels: Labels; samples: Map<number, AppendedSample> }>();
  readonly #store = new ChunkedSeriesStore();
  readonly sortsSeries = this.#store.sortsSeries;

  selectLatest(matchers: readonly LabelMatcher[], minTimeMs: number, maxTimeMs: number): LatestSamples {
    this.#flush();
    return this.#store.selectLatest(matchers, minTimeMs, maxTimeMs);
  }

  append(labels: Labels, samples: readonly AppendedSample[]): void {
    const key = labelsKey(normalizeLabels(labels));
    let entry = this.#pending.get(key);
    if (entry === undefined) {
      entry = { labels, samples: new Map() };
      this.#pending.set(key, entry);
    }
    for (const s of samples) entry.samples.set(s.timestampMs, s);
  }

  select(matchers: readonly LabelMatcher[], minTimeMs: number, maxTimeMs: number): Iterable<StoredSeries> {
    this.#flush();
    return this.#store.select(matchers, minTimeMs, maxTimeMs);
  }

  #flush(): void {
    for (const { labels, samples } of this.#pending.values())
      this.#store.append(labels, [...samples.values()]);
    this.#pending.clear();
  }
}

describeFloors("PromQL conformance on ChunkedSeriesStore", () => new LastWinsLoader());
