import { Duplex } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TurnBatcher } from "./turn-batcher.js";

/** A socket that records each write it is asked to make, as the chunks it carried. */
function recordingSocket(): { socket: Duplex; writes: string[][] } {
  const writes: string[][] = [];
  const socket = new Duplex({
    read() {},
    writev(chunks, callback) {
      writes.push(chunks.map(({ chunk }) => String(chunk)));
      callback();
    },
    write(chunk, _encoding, callback) {
      writes.push([String(chunk)]);
      callback();
    },
  });
  return { socket, writes };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("TurnBatcher", () => {
  it("sends what one turn wrote to a socket in one write, and each socket its own", async () => {
    const batcher = new TurnBatcher();
    const a = recordingSocket();
    const b = recordingSocket();
    for (const frame of ["1", "2", "3"]) {
      batcher.hold(a.socket);
      a.socket.write(frame);
      batcher.hold(b.socket);
      b.socket.write(`b${frame}`);
    }
    expect(a.writes).toEqual([]);
    await nextTurn();
    expect(a.writes).toEqual([["1", "2", "3"]]);
    expect(b.writes).toEqual([["b1", "b2", "b3"]]);

    batcher.hold(a.socket);
    a.socket.write("4");
    await nextTurn();
    expect(a.writes).toEqual([["1", "2", "3"], ["4"]]);
  });

  it("leaves a socket's own cork in place: its writes wait for its own uncork", async () => {
    const batcher = new TurnBatcher();
    const { socket, writes } = recordingSocket();
    socket.cork();
    batcher.hold(socket);
    socket.write("1");
    await nextTurn();
    expect(writes).toEqual([]);
    socket.uncork();
    expect(writes).toEqual([["1"]]);
  });

  describe("with a minimum flush interval", () => {
    afterEach(() => vi.useRealTimers());

    it("flushes at once after a quiet spell, and holds frames coming sooner until the interval is up", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "setImmediate", "Date"] });
      const batcher = new TurnBatcher(20, () => Date.now());
      const { socket, writes } = recordingSocket();
      const send = (frame: string) => {
        batcher.hold(socket);
        socket.write(frame);
      };

      send("1");
      await vi.advanceTimersByTimeAsync(0);
      expect(writes).toEqual([["1"]]);

      await vi.advanceTimersByTimeAsync(5);
      send("2");
      await vi.advanceTimersByTimeAsync(5);
      send("3");
      await vi.advanceTimersByTimeAsync(9);
      expect(writes).toEqual([["1"]]);
      await vi.advanceTimersByTimeAsync(1);
      expect(writes).toEqual([["1"], ["2", "3"]]);

      await vi.advanceTimersByTimeAsync(100);
      send("4");
      await vi.advanceTimersByTimeAsync(0);
      expect(writes).toEqual([["1"], ["2", "3"], ["4"]]);
    });
  });
});
