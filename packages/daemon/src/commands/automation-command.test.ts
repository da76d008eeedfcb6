import type { AutomationView } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import { freePort } from "../../test/support/ports.js";
import { type Recorded, recordingIo } from "../../test/support/recording-io.js";
import { automationCommand } from "./automation-command.js";

const PAUSED: AutomationView = {
  mode: "dry_run",
  isPaused: true,
  changedBy: "ana",
  changedAt: Date.UTC(2026, 11, 7, 6, 0, 0),
  note: "deploy",
  cooldownMs: 300_000,
  maxRuns: { count: 3, windowMs: 3_600_000 },
  budget: { actions: 20, windowMs: 3_600_000, used: 3, left: 17 },
  concurrency: { perService: 1, total: 4, running: 1, queued: 0, held: 2 },
  cooldowns: [],
  maintenance: [],
  flapping: { changes: 6, windowMs: 600_000, services: [] },
};

describe("orbtd pause / resume", () => {
  let reply: { status: number; body: unknown } = { status: 200, body: { automation: PAUSED } };
  let daemon: LocalHttpServer;
  beforeAll(async () => {
    daemon = await startLocalHttpServer((_request, response) => {
      response.statusCode = reply.status;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(reply.body));
    });
  });
  afterAll(() => daemon.close());

  async function run(
    verb: "pause" | "resume",
    args: string[],
    env: Record<string, string> = {},
  ): Promise<Recorded> {
    const io = recordingIo();
    await automationCommand(verb, { io, env }).parseAsync(args, { from: "user" });
    return io.recorded;
  }

  it("posts to the daemon with the token from ORBT_TOKEN, and prints where automation stands", async () => {
    reply = { status: 200, body: { automation: PAUSED } };
    const recorded = await run("pause", ["--url", `${daemon.url}/`, "--by", "ana", "--note", "deploy"], {
      ORBT_TOKEN: "op-secret",
    });
    expect(recorded).toEqual({
      out: [
        "automation paused by ana at 2026-12-07T06:00:00.000Z (deploy)",
        "mode dry_run; actions 1 running, 0 queued, 2 held; budget 3 of 20 used per 1h",
      ],
      err: [],
      exitCode: 0,
    });
    const request = daemon.received.at(-1)!;
    expect(request).toMatchObject({ method: "POST", path: "/api/v1/automation/pause" });
    expect(request.headers.authorization).toBe("Bearer op-secret");
    expect(JSON.parse(request.body)).toEqual({ by: "ana", note: "deploy" });
  });

  it("prefers --token, and resumes with an empty body", async () => {
    reply = { status: 200, body: { automation: { ...PAUSED, isPaused: false, note: null } } };
    const recorded = await run("resume", ["--url", daemon.url, "--token", "flag"], { ORBT_TOKEN: "env" });
    expect(recorded.out[0]).toBe("automation running by ana at 2026-12-07T06:00:00.000Z");
    const request = daemon.received.at(-1)!;
    expect(request).toMatchObject({ path: "/api/v1/automation/resume", body: "{}" });
    expect(request.headers.authorization).toBe("Bearer flag");
  });

  it("exits 1 with the daemon's message and a hint when the token is refused", async () => {
    reply = { status: 403, body: { error: { code: "forbidden", message: "role viewer may not do this" } } };
    expect(await run("pause", ["--url", daemon.url], { ORBT_TOKEN: "viewer" })).toEqual({
      out: [],
      err: [
        "orbtd did not pause: role viewer may not do this (pass --token or set ORBT_TOKEN to a token with role operator)",
      ],
      exitCode: 1,
    });
  });

  it("exits 1 when no daemon answers, and 2 on a URL that is not one", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await run("pause", ["--url", url]);
    expect(unreachable.exitCode).toBe(1);
    expect(unreachable.err[0]).toMatch(
      new RegExp(`^cannot reach orbtd at ${url}: fetch failed: .*ECONNREFUSED`),
    );
    expect(await run("resume", ["--url", "localhost:7070"])).toEqual({
      out: [],
      err: ['--url: expected an http(s) URL like http://127.0.0.1:7070, got "localhost:7070"'],
      exitCode: 2,
    });
  });
});
