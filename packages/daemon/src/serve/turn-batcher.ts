import type { Duplex } from "node:stream";

/**
 * Holds back a socket's writes from its first one in a loop turn until the turn's I/O callbacks have run,
 * then lets them go: the frames a turn sends to a client leave in one `writev` instead of one each.
 */
export class TurnBatcher {
  readonly #corked = new Set<Duplex>();
  #isFlushScheduled = false;

  hold(socket: Duplex): void {
    if (this.#corked.has(socket)) return;
    socket.cork();
    this.#corked.add(socket);
    if (this.#isFlushScheduled) return;
    this.#isFlushScheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.#isFlushScheduled = false;
    const corked = [...this.#corked];
    this.#corked.clear();
    for (const socket of corked) socket.uncork();
  }
}
