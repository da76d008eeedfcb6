import { type Drill, startDrill } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import { type Recorded, recordingIo } from "../../test/support/recording-io.js";
import { drillCommand } from "./drill-command.js";

const STARTED_AT = Date.UTC(2026, 11, 7, 6, 0, 0);
const RUNNING: Drill = {
  ...startDrill({
    id: "drill-1",
    service: "web",
    fault: "stop",
    by: "ops",
    startedAt: STARTED_AT,
    deadlineAt: STARTED_AT + 60_000,
  }),
  injectedAt: STARTED_AT,
};

describe("orbtd drill", () => {
  /** What GET answers, one after another; the last one repeats. */
  let polls: Drill[] = [];
  let daemon: LocalHttpServer;
  beforeAll(async () => {
    daemon = await startLocalHttpServer((request, response) => {
      response.setHeader("content-type", "application/json");
      if (request.method === "POST" && request.body.includes('"api"')) {
        response.statusCode = 409;
        response.end(
          JSON.stringify({ error: { code: "refused", message: "drills are refused in environment: prod" } }),
        );
        return;
      }
      response.statusCode = request.method === "POST" ? 202 : 200;
      const drill = request.method === "POST" ? RUNNING : polls.length > 1 ? polls.shift() : polls[0];
      response.end(JSON.stringify({ drill }));
    });
  });
  afterAll(() => daemon.close());

  async function run(args: string[]): Promise<Recorded> {
    const io = recordingIo();
    await drillCommand({ io, env: { ORBT_TOKEN: "op" }, sleep: async () => undefined }).parseAsync(args, {
      from: "user",
    });
    return io.recorded;
  }

  it("starts the drill, polls it until it ends, and prints its times to detect and repair", async () => {
    const repaired: Drill = {
      ...RUNNING,
      incidentId: "inc-1",
      detectMs: 1_200,
      repairMs: 5_000,
      resolution: "remedied",
      outcome: "repaired",
      finishedAt: STARTED_AT + 5_000,
    };
    polls = [{ ...RUNNING, incidentId: "inc-1", detectMs: 1_200 }, repaired];
    const recorded = await run(["web", "--fault", "stop", "--url", daemon.url]);
    expect(recorded).toEqual({
      out: [
        "drill drill-1 of web (fault stop): repaired",
        "  detected in 1s200ms (incident inc-1)",
        "  repaired in 5s (remedied)",
      ],
      err: [],
      exitCode: 0,
    });
    const posted = daemon.received.find((request) => request.method === "POST")!;
    expect(JSON.parse(posted.body)).toEqual({ service: "web", fault: "stop" });
    expect(posted.headers.authorization).toBe("Bearer op");
    expect(daemon.received.at(-1)?.path).toBe("/api/v1/drills/drill-1");
  });

  it("exits 1 when the fault was not detected, or the daemon refused the drill", async () => {
    polls = [{ ...RUNNING, outcome: "not_detected", note: "no incident opened before the deadline" }];
    expect(await run(["web", "--url", daemon.url])).toMatchObject({
      out: ["drill drill-1 of web (fault stop): not_detected", "  no incident opened before the deadline"],
      exitCode: 1,
    });
    expect(await run(["api", "--url", daemon.url])).toEqual({
      out: [],
      err: ["orbtd did not run the drill: drills are refused in environment: prod"],
      exitCode: 1,
    });
  });
});
