import { describe, expect, it } from "vitest";
import { freePort } from "../../test/support/ports.js";
import { describeFetchFailure } from "./fetch-failure.js";

const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("expected a rejection"),
    (err: unknown) => err,
  );

describe("describeFetchFailure", () => {
  it("digs the errno code out of undici's generic 'fetch failed'", async () => {
    const failure = describeFetchFailure(await rejectionOf(fetch(`http://127.0.0.1:${await freePort()}/`)));
    expect(failure.code).toBe("ECONNREFUSED");
    expect(failure.message).toContain("ECONNREFUSED 127.0.0.1");
  });

  it("reports an unparsable URL", async () => {
    expect(describeFetchFailure(await rejectionOf(fetch("not a url"))).code).toBe("ERR_INVALID_URL");
  });

  it("falls back to a generic code for errors without one", () => {
    expect(describeFetchFailure(new Error("boom"))).toEqual({ code: "FETCH_FAILED", message: "boom" });
    expect(describeFetchFailure("odd")).toEqual({ code: "FETCH_FAILED", message: "FETCH_FAILED" });
  });
});
