import { join } from "node:path";
import { compress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { WriteRequestType } from "../src/signals/remote-write/remote-write-proto.js";
import { getJson, killAfterEach, makeWorkDir, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();

async function query(
  url: string,
  promql: string,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const body = await getJson<{
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  }>(`${url}/prometheus/api/v1/query?query=${encodeURIComponent(promql)}`);
  return body.data.result;
}

describe("receivers on a running orbtd", () => {
  it("holds receiver bodies to ingest.max_body, not to the 1 MiB limit of the rest of the API", async () => {
    const dir = await makeWorkDir();
    const { url } = await daemons.start(
      await writeConfig(
        dir,
        `listen: 127.0.0.1:${await freePort()}\ndata_dir: ${JSON.stringify(join(dir, "data"))}\notlp: false\ningest: { max_body: 4MiB }\n`,
      ),
    );
    const post = (path: string, bytes: number) =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
        body: new Uint8Array(bytes).fill(7),
      });
    // 2 MiB of garbage is past the API's limit but within max_body: the receiver reads it and refuses it.
    expect((await post("/prometheus/api/v1/write", 2 * 1024 * 1024)).status).toBe(400);
    expect((await post("/prometheus/api/v1/write", 5 * 1024 * 1024)).status).toBe(413);
    expect((await post("/api/v1/health", 2 * 1024 * 1024)).status).toBe(413);
  });

  it("stores remote_write and OTLP metrics where PromQL reads them", async () => {
    const dir = await makeWorkDir();
    const otlpPort = await freePort();
    const daemon = await daemons.start(
      await writeConfig(
        dir,
        `listen: 127.0.0.1:${await freePort()}\ndata_dir: ${JSON.stringify(join(dir, "data"))}\notlp: { listen: 127.0.0.1:${otlpPort} }\n`,
      ),
    );
    const { url } = daemon;
    const nowMs = Date.now();
    const write = WriteRequestType.encode(
      WriteRequestType.fromObject({
        timeseries: [
          {
            labels: [
              { name: "__name__", value: "queue_depth" },
              { name: "job", value: "worker" },
            ],
            samples: [{ timestamp: nowMs - 1000, value: 17 }],
          },
        ],
      }),
    ).finish();
    const written = await fetch(`${url}/prometheus/api/v1/write`, {
      method: "POST",
      headers: {
        "content-type": "application/x-protobuf",
        "content-encoding": "snappy",
        "x-prometheus-remote-write-version": "0.1.0",
      },
      body: compress(write),
    });
    expect(written.status).toBe(204);
    expect(await query(url, "queue_depth")).toEqual([
      { metric: { __name__: "queue_depth", job: "worker" }, value: [expect.any(Number), "17"] },
    ]);
    const garbage = await fetch(`${url}/prometheus/api/v1/write`, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
      body: "not snappy",
    });
    expect(garbage.status).toBe(400);

    const otlp = await fetch(`http://127.0.0.1:${otlpPort}/v1/metrics`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        resourceMetrics: [
          {
            resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout" } }] },
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: "cart.items",
                    gauge: {
                      dataPoints: [{ timeUnixNano: String(BigInt(nowMs - 1000) * 1_000_000n), asDouble: 3 }],
                    },
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(otlp.status).toBe(200);
    const items = await waitFor("OTLP gauge", async () => {
      const result = await query(url, 'cart_items{job="checkout"}');
      return result.length > 0 ? result : undefined;
    });
    expect(items[0]?.value[1]).toBe("3");
  });
});
