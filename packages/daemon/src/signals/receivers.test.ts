import { ChunkedSeriesStore, initialState } from "@orbt/core";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { OrbtConfig } from "../config/orbt-config.js";
import { parseConfigText } from "../config/parse-config-text.js";
import { createLogger } from "../create-logger.js";
import { createDaemonMetrics } from "../daemon-metrics.js";
import { toEngineSettings } from "../runtime/engine-settings.js";
import type { AuthEnv } from "../serve/auth/index.js";
import { createReceivers } from "./receivers.js";
import { toSeriesAppender } from "./series-appender.js";

function receiversFor(yaml: string) {
  const parsed = parseConfigText(yaml, "orbt.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const config: OrbtConfig = parsed.value;
  return createReceivers({
    config,
    series: toSeriesAppender(new ChunkedSeriesStore()),
    engine: {
      dispatch: async () => {},
      isSourceActive: () => false,
      state: initialState(toEngineSettings(config), []),
    },
    heartbeats: { beat: async () => true },
    metrics: createDaemonMetrics(),
    log: createLogger({ level: "silent", destination: { write: () => undefined } }),
  });
}

describe("createReceivers", () => {
  it("mounts remote_write, the Alertmanager webhook, the health push, deploys and heartbeats on the API's port", () => {
    const app = new Hono<AuthEnv>();
    receiversFor("{}").mount(app);
    expect(app.routes.filter((route) => route.method === "POST").map((route) => route.path)).toEqual(
      expect.arrayContaining([
        "/prometheus/api/v1/write",
        "/api/v1/alerts/alertmanager",
        "/api/v1/health",
        "/api/v1/deploys",
        "/api/v1/heartbeat",
      ]),
    );
  });

  it("exempts from the API's body limit exactly the routes that hold bodies to ingest.max_body", () => {
    expect([...receiversFor("{}").bodyLimitedPaths].sort()).toEqual([
      "/api/v1/alerts/alertmanager",
      "/prometheus/api/v1/write",
    ]);
  });

  it("serves OTLP on its own port, 127.0.0.1:4318 by default, unless turned off", () => {
    expect(receiversFor("{}").ownPorts.map(({ kind, listen }) => ({ kind, listen }))).toEqual([
      { kind: "otlp", listen: { host: "127.0.0.1", port: 4318 } },
    ]);
    expect(receiversFor("otlp: { listen: 127.0.0.1:14318 }").ownPorts.map(({ listen }) => listen)).toEqual([
      { host: "127.0.0.1", port: 14318 },
    ]);
    expect(receiversFor("otlp: false").ownPorts).toEqual([]);
  });
});
