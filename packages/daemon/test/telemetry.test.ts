import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { getJson, killAfterEach, makeWorkDir, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const SERVICE = fileURLToPath(new URL("./fixtures/shop-service.mjs", import.meta.url));
const TELEMETRY = fileURLToPath(new URL("./fixtures/shop-telemetry.mjs", import.meta.url));

const daemons = killAfterEach();
const services: ChildProcess[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.kill("SIGKILL");
});

type Vector = { metric: Record<string, string>; value: [number, string] }[];

async function query(url: string, promql: string): Promise<Vector> {
  const body = await getJson<{ data: { result: Vector } }>(
    `${url}/prometheus/api/v1/query?query=${encodeURIComponent(promql)}`,
  );
  return body.data.result;
}

/** Starts the fixture service under the SDK's telemetry preset; resolves with its port and its exit. */
async function startShop(
  otlpEndpoint: string,
): Promise<{ port: number; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ["--import", TELEMETRY, SERVICE], {
    env: { ...process.env, SERVICE_NAME: "shop", ORBT_OTLP_ENDPOINT: otlpEndpoint },
    stdio: ["ignore", "pipe", "pipe"],
  });
  services.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const port = await waitFor("the service to listen", async () => {
    const match = /\{"port":(\d+)\}/.exec(output);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output}`);
  });
  return { port, child, exited };
}

describe("an HTTP service instrumented by @orbt/sdk's startTelemetry", () => {
  it("sends its spans, HTTP metrics and logs to a running orbtd", async () => {
    const dir = await makeWorkDir();
    const otlpPort = await freePort();
    const { url } = await daemons.start(
      await writeConfig(
        dir,
        `listen: 127.0.0.1:${await freePort()}\ndata_dir: ${JSON.stringify(join(dir, "data"))}\notlp: { listen: 127.0.0.1:${otlpPort} }\n`,
      ),
    );
    const shop = await startShop(`http://127.0.0.1:${otlpPort}`);
    for (const path of ["/checkout/ok", "/checkout/ok", "/checkout/fail", "/checkout/ok", "/checkout/fail"]) {
      await (await fetch(`http://127.0.0.1:${shop.port}${path}`)).text();
    }
    // Shutting down flushes the batched spans and logs and the metrics not yet exported.
    shop.child.kill("SIGTERM");
    expect(await shop.exited).toBe(0);

    const spans = await waitFor("the service's spans", async () => {
      const result = await query(
        url,
        'sum by (status_code) (orbt_spans_total{job="shop", span_kind="server"})',
      );
      return result.length === 2 ? result : undefined;
    });
    expect(spans.map(({ metric, value }) => [metric.status_code, value[1]]).sort()).toEqual([
      ["error", "2"],
      ["unset", "3"],
    ]);

    const requests = await query(
      url,
      'sum by (http_response_status_code) (http_server_request_duration_seconds_count{job="shop"})',
    );
    expect(requests.map(({ metric, value }) => [metric.http_response_status_code, value[1]]).sort()).toEqual([
      ["200", "3"],
      ["500", "2"],
    ]);
    expect(
      await query(url, 'http_server_request_duration_seconds_bucket{job="shop", le="+Inf"}'),
    ).not.toEqual([]);

    const ingest = await (await fetch(`${url}/metrics`)).text();
    expect(ingest).toMatch(
      /^orbt_ingest_log_records_total\{receiver="otlp",outcome="accepted",reason=""\} 2$/m,
    );
  });
});
