type Queued = {
  readonly run: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
};

/**
 * Runs tasks in order on the event loop, as many per turn as fit in `budgetMs`; the rest wait for the next
 * turn (`setImmediate`), so that timers (checks, remedies' timeouts) and other I/O get the loop in between.
 * The receivers append through it: a hundred requests decoded at once would otherwise be appended in one
 * turn, and everything else would wait for all of them.
 */
export class TimeSlicedQueue {
  #queued: Queued[] = [];
  #isScheduled = false;

  constructor(
    readonly budgetMs = 4,
    readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `task` in its turn; gives what it returns, or rejects with what it throws. */
  run<T>(task: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queued.push({ run: task, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#isScheduled) return;
    this.#isScheduled = true;
    setImmediate(() => this.#drain());
  }

  #drain(): void {
    this.#isScheduled = false;
    const start = this.now();
    let index = 0;
    while (index < this.#queued.length) {
      const task = this.#queued[index++]!;
      try {
        task.resolve(task.run());
      } catch (error) {
        task.reject(error);
      }
      if (this.now() - start >= this.budgetMs) break;
    }
    this.#queued = this.#queued.slice(index);
    if (this.#queued.length > 0) this.#schedule();
  }
}
