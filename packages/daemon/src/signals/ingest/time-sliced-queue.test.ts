import { describe, expect, it } from "vitest";
import { TimeSlicedQueue } from "./time-sliced-queue.js";

describe("TimeSlicedQueue", () => {
  it("runs tasks in order, giving what each returns or throws", async () => {
    const queue = new TimeSlicedQueue();
    const ran: number[] = [];
    const results = [1, 2, 3].map((n) =>
      queue.run(() => {
        ran.push(n);
        if (n === 2) throw new Error("two");
        return n * 10;
      }),
    );
    await expect(results[0]).resolves.toBe(10);
    await expect(results[1]).rejects.toThrow("two");
    await expect(results[2]).resolves.toBe(30);
    expect(ran).toEqual([1, 2, 3]);
  });

  it("leaves the tasks past a turn's budget to later turns", async () => {
    let clockMs = 0;
    const queue = new TimeSlicedQueue(4, () => clockMs);
    const ran: number[] = [];
    const tasks = Array.from({ length: 5 }, (_, index) =>
      queue.run(() => {
        ran.push(index);
        clockMs += 2;
      }),
    );
    await tasks[0];
    // Two tasks spend the first turn's 4 ms.
    expect(ran).toEqual([0, 1]);
    await tasks[2];
    expect(ran).toEqual([0, 1, 2, 3]);
    await Promise.all(tasks);
    expect(ran).toEqual([0, 1, 2, 3, 4]);
  });
});
