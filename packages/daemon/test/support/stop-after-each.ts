import { afterEach } from "vitest";

/** A server, service or reporter a test started: closed, or stopped, after it. */
export type Stoppable = { close(): Promise<void> } | { stop(): void | Promise<void> };

/** Returns `track`: what a test passes to it is stopped after the test, in the order it was tracked. */
export function stopAfterEach(): <T extends Stoppable>(each: T) => T {
  const running: Stoppable[] = [];
  afterEach(async () => {
    for (const each of running.splice(0)) await ("stop" in each ? each.stop() : each.close());
  });
  return (each) => {
    running.push(each);
    return each;
  };
}
