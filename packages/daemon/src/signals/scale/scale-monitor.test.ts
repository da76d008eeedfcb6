import {
  DEFAULT_AUTOMATION,
  DEFAULT_DEPLOYS,
  DEFAULT_ESCALATION,
  type EngineState,
  initialState,
  MemorySeriesStore,
  SEED_PATTERNS,
  type ServiceScaleMeasured,
  step,
} from "@orbt/core";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../config/parse-config-text.js";
import { createLogger } from "../../create-logger.js";
import { ScaleMonitor } from "./scale-monitor.js";

const MIN = 60_000;
const log = createLogger({ level: "silent", destination: { write: () => undefined } });

function configOf(yaml: string) {
  const parsed = parseConfigText(yaml, "/tmp/orbt.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

function engineWith(services: string[]) {
  let state: EngineState = initialState(
    {
      project: "shop",
      environment: "dev",
      strike1TimeoutMs: 1,
      strike2TimeoutMs: 1,
      remedies: [],
      patterns: SEED_PATTERNS,
      automation: DEFAULT_AUTOMATION,
      deploys: DEFAULT_DEPLOYS,
      escalation: DEFAULT_ESCALATION,
    },
    services.map((name) => ({ name, platform: "exec", isDiscovered: false, verifyForMs: 1, dependsOn: [] })),
  );
  const dispatched: ServiceScaleMeasured[] = [];
  return {
    dispatched,
    sink: {
      get state() {
        return state;
      },
      async dispatch(event: ServiceScaleMeasured) {
        dispatched.push(event);
        state = step(state, event, 0).state;
      },
    },
  };
}

/** `perSecond` requests per second over ten minutes, as a counter scraped each minute. */
function appendCounter(series: MemorySeriesStore, labels: Record<string, string>, perSecond: number): void {
  series.append(
    labels,
    Array.from({ length: 11 }, (_, minute) => ({
      timestampMs: minute * MIN,
      value: perSecond * 60 * minute,
    })),
  );
}

describe("ScaleMonitor", () => {
  const config = configOf(`
knowledge:
  scale_bands: { medium: 5, large: 50 }
services:
  - name: api
  - name: shop
    request_rate: sum(rate(http_requests_total{job="shop"}[5m]))
  - name: fixed
    scale: large
`);

  it("measures from OTLP spans or the service's own series, in the configured bands, telling only changes", async () => {
    const series = new MemorySeriesStore();
    appendCounter(
      series,
      { __name__: "orbt_spans_total", job: "api", span_kind: "server", status_code: "ok" },
      2,
    );
    appendCounter(
      series,
      { __name__: "orbt_spans_total", job: "api", span_kind: "client", status_code: "ok" },
      900,
    );
    appendCounter(series, { __name__: "http_requests_total", job: "shop" }, 60);
    const { sink, dispatched } = engineWith(["api", "shop", "fixed"]);
    const monitor = new ScaleMonitor({
      services: config.services,
      knowledge: config.knowledge,
      series,
      sink,
      log,
      clock: () => 10 * MIN,
    });

    await monitor.measure();
    expect(dispatched).toEqual([
      { type: "ServiceScaleMeasured", service: "api", scale: "small" },
      { type: "ServiceScaleMeasured", service: "shop", scale: "large" },
    ]);
    await monitor.measure();
    expect(dispatched).toHaveLength(2);
  });

  it("leaves a service without data unmeasured", async () => {
    const { sink, dispatched } = engineWith(["api", "shop", "fixed"]);
    const monitor = new ScaleMonitor({
      services: config.services,
      knowledge: config.knowledge,
      series: new MemorySeriesStore(),
      sink,
      log,
      clock: () => 10 * MIN,
    });
    await monitor.measure();
    expect(dispatched).toEqual([]);
  });
});
