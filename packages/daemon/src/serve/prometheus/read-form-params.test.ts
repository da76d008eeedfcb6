import { describe, expect, it } from "vitest";
import { PrometheusApiFailure } from "./prometheus-api-failure.js";
import { readFormParams } from "./read-form-params.js";

describe("readFormParams", () => {
  it("puts form body values before URL query values, as Go's r.Form does", async () => {
    const form = await readFormParams(
      new Request("http://x/q?a=url&b=url", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        body: "a=body&match%5B%5D=up&match%5B%5D=down",
      }),
    );
    expect(form.get("a")).toBe("body");
    expect(form.getAll("a")).toEqual(["body", "url"]);
    expect(form.get("b")).toBe("url");
    expect(form.getAll("match[]")).toEqual(["up", "down"]);
    expect(form.get("missing")).toBe("");
    expect(form.getAll("missing")).toEqual([]);
  });

  it("reads multipart bodies and ignores other bodies and GET bodies", async () => {
    const multipart = new FormData();
    multipart.append("query", "up");
    expect(
      (await readFormParams(new Request("http://x/", { method: "POST", body: multipart }))).get("query"),
    ).toBe("up");
    const json = await readFormParams(
      new Request("http://x/?query=url", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"query":"body"}',
      }),
    );
    expect(json.getAll("query")).toEqual(["url"]);
  });

  it("fails a broken multipart body as bad_data", async () => {
    const request = new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=zzz" },
      body: "not multipart",
    });
    const failure = await readFormParams(request).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PrometheusApiFailure);
    expect((failure as PrometheusApiFailure).errorType).toBe("bad_data");
  });
});
