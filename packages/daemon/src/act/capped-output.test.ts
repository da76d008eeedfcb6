import { describe, expect, it } from "vitest";
import { createCappedOutput } from "./capped-output.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("createCappedOutput", () => {
  it("keeps everything below the cap", () => {
    const output = createCappedOutput(10);
    output.append(bytes("abc"));
    output.append(bytes("def"));
    expect(output.text()).toBe("abcdef");
    expect(output.isTruncated).toBe(false);
  });

  it("keeps exactly the cap when the input fills it", () => {
    const output = createCappedOutput(4);
    output.append(bytes("abcd"));
    expect(output.text()).toBe("abcd");
    expect(output.isTruncated).toBe(false);
  });

  it("cuts a chunk that crosses the cap and drops later chunks", () => {
    const output = createCappedOutput(4);
    output.append(bytes("abc"));
    output.append(bytes("def"));
    output.append(bytes("ghi"));
    expect(output.text()).toBe("abcd");
    expect(output.isTruncated).toBe(true);
  });

  it("copies chunks so a reused buffer does not change what was kept", () => {
    const output = createCappedOutput(8);
    const chunk = bytes("abc");
    output.append(chunk);
    chunk.set(bytes("xyz"));
    expect(output.text()).toBe("abc");
  });

  it("marks an empty cap as truncated as soon as anything arrives", () => {
    const output = createCappedOutput(0);
    output.append(bytes("a"));
    expect(output.text()).toBe("");
    expect(output.isTruncated).toBe(true);
  });
});
