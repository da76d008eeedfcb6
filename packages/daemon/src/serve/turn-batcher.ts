import type { Duplex } from "node:stream";

/**
 * Holds back a socket's writes from its first one until a flush, then lets them go: the frames sent to a
 * client in between leave in one `writev` instead of one each. A flush follows the loop turn's I/O, but
 * no sooner than `minFlushIntervalMs` after the previous one, so that frames coming a few ms apart to
 * hundreds of clients share their system calls too; at a low rate nothing waits.
 */
export class TurnBatcher {
  readonly #corked = new Set<Duplex>();
  #isFlushScheduled = false;
  #lastFlushMs = Number.NEGATIVE_INFINITY;

  constructor(
    readonly minFlushIntervalMs = 0,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  hold(socket: Duplex): void {
    if (this.#corked.has(socket)) return;
    socket.cork();
    this.#corked.add(socket);
    if (this.#isFlushScheduled) return;
    this.#isFlushScheduled = true;
    const waitMs = this.#lastFlushMs + this.minFlushIntervalMs - this.nowMs();
    if (waitMs > 0) setTimeout(() => this.flush(), waitMs);
    else setImmediate(() => this.flush());
  }

  flush(): void {
    this.#isFlushScheduled = false;
    this.#lastFlushMs = this.nowMs();
    const corked = [...this.#corked];
    this.#corked.clear();
    for (const socket of corked) socket.uncork();
  }
}
