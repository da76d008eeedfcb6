import { describe, expect, it } from "vitest";
import { parseMatchParams } from "./parse-match-params.js";

describe("parseMatchParams", () => {
  it("reads each selector into a matcher set", () => {
    expect(parseMatchParams(['up{job="api"}', '{__name__=~"http_.+", code!="500"}'])).toEqual({
      ok: true,
      value: [
        [
          { name: "__name__", type: "=", value: "up" },
          { name: "job", type: "=", value: "api" },
        ],
        [
          { name: "__name__", type: "=~", value: "http_.+" },
          { name: "code", type: "!=", value: "500" },
        ],
      ],
    });
  });

  it.each(["up[5m]", "up offset 5m", "up @ 100", "rate(up[5m])", "up + 1", "1", "up{", '{job=""}', ""])(
    "rejects %j",
    (selector) => {
      const parsed = parseMatchParams(["up", selector]);
      expect(parsed.ok).toBe(false);
    },
  );
});
