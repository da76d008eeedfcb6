import { describe, expect, it } from "vitest";
import { observePids, type RestartHistory } from "./restart-history.js";

const WINDOW_MS = 60_000;

function observeAll(steps: readonly (readonly [number, readonly number[]])[]): RestartHistory | undefined {
  let history: RestartHistory | undefined;
  for (const [atMs, pids] of steps) history = observePids(history, new Set(pids), atMs, WINDOW_MS);
  return history;
}

describe("observePids", () => {
  it("counts nothing on the first probe nor while the pid stays", () => {
    expect(
      observeAll([
        [0, [10]],
        [1_000, [10]],
      ])?.restartsAtMs,
    ).toEqual([]);
  });

  it("counts a changed pid as a restart, also across probes that found nothing running", () => {
    expect(
      observeAll([
        [0, [10]],
        [1_000, [11]],
      ])?.restartsAtMs,
    ).toEqual([1_000]);
    expect(
      observeAll([
        [0, [10]],
        [1_000, []],
        [2_000, []],
        [3_000, [12]],
      ])?.restartsAtMs,
    ).toEqual([3_000]);
  });

  it("counts replaced workers of a name pattern, not added ones", () => {
    expect(
      observeAll([
        [0, [10, 11]],
        [1_000, [10, 11, 12]],
      ])?.restartsAtMs,
    ).toEqual([]);
    expect(
      observeAll([
        [0, [10, 11]],
        [1_000, [12, 13]],
      ])?.restartsAtMs,
    ).toEqual([1_000, 1_000]);
  });

  it("forgets restarts older than the window", () => {
    const history = observeAll([
      [0, [10]],
      [1_000, [11]],
      [30_000, [12]],
      [61_000, [12]],
    ]);
    expect(history?.restartsAtMs).toEqual([30_000]);
  });
});
