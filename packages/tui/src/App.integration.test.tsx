import { createOrbtClient, type FakeDaemon, type OrbtStream, openStream, startFakeDaemon } from "@orbt/sdk";
import { render } from "ink-testing-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_EVENTS, DEMO_START_MS, demoInitialState } from "../test/support/demo-state.js";
import { App } from "./App.js";

let daemon: FakeDaemon;
let stream: OrbtStream;
let unmount: () => void;

beforeEach(async () => {
  daemon = await startFakeDaemon({
    state: demoInitialState(),
    token: "t0k",
    now: () => DEMO_START_MS + 60_000,
  });
  for (const { at, event } of DEMO_EVENTS) daemon.publish(event, at);
});
afterEach(async () => {
  unmount();
  stream.close();
  await daemon.close();
});

function renderWired() {
  const connection = { baseUrl: daemon.url, token: "t0k" };
  stream = openStream({ ...connection, initialDelayMs: 5, maxDelayMs: 20 });
  const app = render(<App client={createOrbtClient(connection)} stream={stream} operator="ana" />);
  unmount = app.unmount;
  return app;
}

async function press(app: ReturnType<typeof renderWired>, key: string) {
  app.stdin.write(key);
  await new Promise((resolve) => setImmediate(resolve));
}

describe("App against a daemon over real HTTP and WebSocket", () => {
  it("acks through REST and shows the acknowledgement once the stream delivers it", async () => {
    const app = renderWired();
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/connected\s+seq 14/));
    await press(app, "2");
    await press(app, "a");
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/inc-3 .* ana\s*$/m));
    expect(daemon.getState().incidents["inc-3"]?.acknowledgedBy).toBe("ana");
    expect(app.lastFrame()).toMatch(/seq 15 │ ack inc-3: done/);
  });

  it("follows a dropped stream back and shows events published meanwhile", async () => {
    const app = renderWired();
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/connected\s+seq 14/));
    daemon.dropConnections();
    daemon.publish(
      { type: "IncidentResolvedByOperator", incidentId: "inc-2", by: "bob" },
      DEMO_START_MS + 70_000,
    );
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/connected\s+seq 15/));
    // The dashboard's figures are read again once the event arrived: they follow a moment later.
    await vi.waitFor(() => expect(app.lastFrame()).toContain("pending escalations: 0"));
    expect(
      app
        .lastFrame()
        ?.split("\n")
        .find((line) => line.includes("db ")),
    ).toContain("GREEN");
  });

  it("loads escalation reports over REST", async () => {
    const app = renderWired();
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/connected\s+seq 14/));
    await press(app, "4");
    await vi.waitFor(() => expect(app.lastFrame()).toContain("inc-2.esc"));
    const frame = app.lastFrame() ?? "";
    expect(frame).toContain("Business impact");
    expect(frame).toMatch(/strike 1 service_restart: \w+, verify failed/);
    expect(frame).toMatch(/lines 1-\d+ of (\d+)/);
    const total = Number(/lines 1-\d+ of (\d+)/.exec(frame)?.[1]);
    // The report is longer than the screen: scrolling down shows its timeline's end.
    await press(app, "G");
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(new RegExp(`lines \\d+-${total} of ${total}`)));
    expect(app.lastFrame()).toMatch(/escalated: strike 3: escalated to a human \(strikes_exhausted\)/);
    expect(app.lastFrame()).not.toContain("Business impact");
  });
});
