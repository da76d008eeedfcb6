import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type KnowledgeEntry, KnowledgeFile, type KnowledgeResponse } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import { type Recorded, recordingIo } from "../../test/support/recording-io.js";
import { knowledgeCommand } from "./knowledge-command.js";

const AT = Date.UTC(2026, 11, 7, 6, 0, 0);

const RESTART: KnowledgeEntry = {
  pattern: "uptime_problems",
  solution: "service_restart",
  platform: "docker",
  scale: "large",
  tries: 4,
  successes: 3,
  meanRecoveryMs: 4500,
  p90RecoveryMs: 9000,
  recentRecoveryMs: [3000, 1500, 9000],
  lastOutcome: "succeeded",
  lastAt: AT,
  lessons: [{ at: AT, by: "ana", note: "the pool was full", incidentId: "inc-3" }],
  provenance: "learned",
};

const ANSWER: KnowledgeResponse = {
  knowledge: [RESTART],
  ranking: [{ entry: RESTART, score: 0.3006, basis: "exact" }],
};

describe("orbtd knowledge", () => {
  let reply: { status: number; body: unknown } = { status: 200, body: ANSWER };
  let daemon: LocalHttpServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbt-knowledge-"));
    daemon = await startLocalHttpServer((_request, response) => {
      response.statusCode = reply.status;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(reply.body));
    });
  });
  afterAll(() => daemon.close());

  async function run(args: string[]): Promise<Recorded> {
    const io = recordingIo();
    await knowledgeCommand({ io, env: { ORBT_TOKEN: "t0ken" } }).parseAsync([...args, "--url", daemon.url], {
      from: "user",
    });
    return io.recorded;
  }

  it("ls prints the rows with their score, tries, time to recover and provenance", async () => {
    reply = { status: 200, body: ANSWER };
    const recorded = await run(["ls", "--platform", "docker"]);
    expect(recorded).toEqual({
      out: [
        "PATTERN          SOLUTION         PLATFORM  SCALE  SCORE  TRIES  OK  MTTR   P90  LAST       FROM",
        "uptime_problems  service_restart  docker    large  0.30   4      3   4s500ms  9s   succeeded  learned",
      ].map((line) => expect.stringMatching(line.split(/\s+/).join("\\s+"))),
      err: [],
      exitCode: 0,
    });
    expect(daemon.received.at(-1)).toMatchObject({
      method: "GET",
      path: "/api/v1/knowledge?platform=docker",
    });
    expect(daemon.received.at(-1)?.headers.authorization).toBe("Bearer t0ken");
  });

  it("show ranks a pattern's solutions with their lessons", async () => {
    reply = { status: 200, body: ANSWER };
    const recorded = await run(["show", "uptime_problems", "--platform", "docker", "--scale", "large"]);
    expect(recorded.out).toEqual([
      "uptime_problems on docker platform at large scale, best first:",
      "1. service_restart  score 0.301 (exact)  3/4 ok  MTTR 4s500ms  p90 9s  learned",
      "   - 2026-12-07T06:00:00.000Z ana: the pool was full",
    ]);
    expect(daemon.received.at(-1)?.path).toBe(
      "/api/v1/knowledge?pattern=uptime_problems&platform=docker&scale=large",
    );
  });

  it("export writes YAML with its version that import reads back", async () => {
    reply = { status: 200, body: { version: 1, entries: [RESTART] } };
    const file = join(dir, "knowledge.yaml");
    expect((await run(["export", "--output", file])).out).toEqual([`exported 1 rows to ${file}`]);
    expect(KnowledgeFile.parse(parse(await readFile(file, "utf8")))).toEqual({
      version: 1,
      entries: [RESTART],
    });

    reply = { status: 200, body: { imported: 1, knowledge: [RESTART] } };
    expect(await run(["import", file])).toEqual({
      out: [`imported 1 rows from ${file}`],
      err: [],
      exitCode: 0,
    });
    const posted = daemon.received.at(-1)!;
    expect(posted).toMatchObject({ method: "POST", path: "/api/v1/knowledge/import" });
    expect(JSON.parse(posted.body)).toEqual({ version: 1, entries: [RESTART] });
  });

  it("refuses a bad file with the line and path of each problem, sending nothing", async () => {
    const file = join(dir, "bad.yaml");
    await writeFile(
      file,
      [
        "version: 1",
        "entries:",
        "  - pattern: uptime_problems",
        "    solution: service_restart",
        "    platform: mainframe",
        "    scale: any",
        "    tries: 1",
        "    successes: 2",
        "    meanRecoveryMs: null",
        "    p90RecoveryMs: null",
        "    recentRecoveryMs: []",
        "    lastOutcome: null",
        "    lastAt: null",
        "    lessons: []",
        "    provenance: learned",
        "    colour: blue",
      ].join("\n"),
    );
    const before = daemon.received.length;
    const recorded = await run(["import", file]);
    expect(recorded.exitCode).toBe(2);
    expect(recorded.err).toEqual([
      expect.stringMatching(
        new RegExp(`^${file}:5 entries\\[0\\]\\.platform: expected one of .*got "mainframe"$`),
      ),
      `${file}:16 entries[0].colour: unknown key "colour"`,
    ]);
    expect(daemon.received.length).toBe(before);
  });

  it("says which role an import takes when the daemon refuses the token", async () => {
    const file = join(dir, "empty.yaml");
    await writeFile(file, "version: 1\nentries: []\n");
    reply = { status: 403, body: { error: { code: "forbidden", message: "role operator may not" } } };
    expect(await run(["import", file])).toEqual({
      out: [],
      err: [
        "orbtd did not import knowledge: role operator may not (pass --token or set ORBT_TOKEN to a token with role admin)",
      ],
      exitCode: 1,
    });
  });
});
