import { describe, expect, it } from "vitest";
import { formatDprId } from "./dpr-id.js";

describe("formatDprId", () => {
  it("formats the documented example", () => {
    expect(formatDprId({ project: "shop", operation: "service_restart", tool: "exec", step: 1 })).toBe(
      "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
    );
  });

  it("normalises punctuation and case into upper-case segments", () => {
    expect(
      formatDprId({ project: "my-shop.eu", operation: "DNS refresh", tool: "kubernetes", step: 12 }),
    ).toBe("PLATFORM.MY_SHOP_EU.DNS_REFRESH.KUBERNETES.20000.012");
  });

  it("rejects steps outside 1..999", () => {
    expect(() => formatDprId({ project: "p", operation: "o", tool: "t", step: 0 })).toThrow(RangeError);
    expect(() => formatDprId({ project: "p", operation: "o", tool: "t", step: 1000 })).toThrow(RangeError);
  });
});
