import { Duplex } from "node:stream";
import { describe, expect, it } from "vitest";
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
});
