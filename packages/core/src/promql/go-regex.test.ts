import { describe, expect, it } from "vitest";
import { compileAnchoredRegex } from "./label-matcher.js";

describe("Go regex compatibility", () => {
  it("anchors the whole value", () => {
    expect(compileAnchoredRegex("ab").test("xab")).toBe(false);
    expect(compileAnchoredRegex("a|b").test("b")).toBe(true);
  });

  it("supports inline case-insensitive flags", () => {
    expect(compileAnchoredRegex("(?i)prod.*").test("PRODuction")).toBe(true);
    expect(compileAnchoredRegex(".*(?i:DUC).*").test("production")).toBe(true);
    expect(compileAnchoredRegex("(?i:a)b").test("AB")).toBe(false);
    expect(compileAnchoredRegex("(?i)[a-c]x").test("BX")).toBe(true);
  });

  it("lets the dot match newlines and accepts Go named groups", () => {
    expect(compileAnchoredRegex("a.b").test("a\nb")).toBe(true);
    expect(compileAnchoredRegex("(?P<x>a)b").exec("ab")?.groups?.x).toBe("a");
  });
});
