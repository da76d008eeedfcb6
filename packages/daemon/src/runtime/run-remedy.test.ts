import type { RunRemedy } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import type { OrbtConfig } from "../config/orbt-config.js";
import { parseConfigText } from "../config/parse-config-text.js";
import { runRemedy } from "./run-remedy.js";

function parseConfig(text: string): OrbtConfig {
  const parsed = parseConfigText(text, "orbt.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const EFFECT: RunRemedy = {
  type: "RunRemedy",
  incidentId: "inc-1",
  actionId: "act-1",
  dprId: "PLATFORM.ORBT.SERVICE_RESTART.HTTP.20000.001",
  strike: 1,
  remedyIndex: 0,
  solution: "service_restart",
  tool: "http",
  service: "web",
  isDryRun: false,
};

describe("runRemedy", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((_request, response) => {
      response.statusCode = 503;
      response.end("restarting elsewhere");
    });
  });
  afterAll(() => server.close());

  it("runs the configured remedy's action and journals its status line before the output", async () => {
    const config = parseConfig(
      `remedies:\n  - solution: service_restart\n    http: { url: "${server.url}/" }\n`,
    );
    const { event, fullOutput } = await runRemedy(config, EFFECT, new AbortController().signal);
    expect(event).toMatchObject({
      type: "RemedyFinished",
      incidentId: "inc-1",
      actionId: "act-1",
      ok: false,
      exitCode: null,
      isTimedOut: false,
      output: "HTTP 503\nrestarting elsewhere",
    });
    expect(fullOutput).toBe("restarting elsewhere");
  });

  it("fails a remedy the config no longer has, without running anything", async () => {
    const { event } = await runRemedy(parseConfig("{}"), { ...EFFECT, remedyIndex: 4 }, AbortSignal.abort());
    expect(event).toEqual({
      type: "RemedyFinished",
      incidentId: "inc-1",
      actionId: "act-1",
      ok: false,
      exitCode: null,
      durationMs: 0,
      isTimedOut: false,
      output: "no remedy #4 in the config\n",
    });
  });
});
