import { describe, expect, it } from "vitest";
import { ownedBuffers } from "./owned-buffers.js";

describe("ownedBuffers", () => {
  it("gives each whole buffer of the object's views once, in field order, down to three levels", () => {
    const a = new Float64Array(4);
    const b = new Uint16Array(8);
    const deep = new Uint8Array(2);
    const value = {
      samples: { values: a, again: new Int32Array(a.buffer), keys: b },
      response: { body: new Uint8Array(3) },
      nested: { one: { two: { three: deep } } },
    };
    expect(ownedBuffers(value)).toEqual([a.buffer, b.buffer, value.response.body.buffer]);
    expect(ownedBuffers(value, 4)).toContain(deep.buffer);
  });

  it("leaves out views into larger buffers, buffers in arrays, and inherited fields", () => {
    const shared = new Uint8Array(16);
    const inherited = Object.create({ body: new Uint8Array(4) }) as Record<string, unknown>;
    inherited.part = shared.subarray(4, 8);
    expect(ownedBuffers(inherited)).toEqual([]);
    expect(ownedBuffers({ list: [new Uint8Array(4)] })).toEqual([]);
    expect(ownedBuffers(new Uint8Array(4))).toHaveLength(1);
    expect(ownedBuffers(undefined)).toEqual([]);
  });
});
