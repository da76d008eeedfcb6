import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { metrics, trace } from "@opentelemetry/api";
import { logs } from "@opentelemetry/api-logs";
import { describe, expect, it } from "vitest";
import { startTelemetry } from "./start-telemetry.js";

describe("startTelemetry", () => {
  it("exports to the daemon's /v1 paths with the given headers", async () => {
    const received: { path: string | undefined; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((request, response) => {
      received.push({ path: request.url, headers: request.headers });
      request.resume();
      request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end("{}"));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const telemetry = startTelemetry({
        serviceName: "web",
        instrumentations: [],
        endpoint: `http://127.0.0.1:${port}/`,
        headers: { authorization: "Bearer reporter-token" },
      });
      trace.getTracer("web").startSpan("work").end();
      metrics.getMeter("web").createCounter("hits").add(1);
      logs.getLogger("web").emit({ body: "started" });
      await telemetry.shutdown();
      expect(received.map((request) => request.path).sort()).toEqual([
        "/v1/logs",
        "/v1/metrics",
        "/v1/traces",
      ]);
      expect(received.every((request) => request.headers.authorization === "Bearer reporter-token")).toBe(
        true,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("never throws into its host when the daemon is unreachable", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    await new Promise((resolve) => blocker.close(resolve));
    const telemetry = startTelemetry({
      serviceName: "web",
      instrumentations: [],
      endpoint: `http://127.0.0.1:${port}`,
    });
    trace.getTracer("web").startSpan("work").end();
    await expect(telemetry.shutdown()).resolves.toBeUndefined();
  });
});
