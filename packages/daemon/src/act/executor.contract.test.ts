import type { RemedyTool } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHttpServer } from "../../test/support/local-http-server.js";
import { freePort } from "../../test/support/ports.js";
import type { ExecRun } from "./exec-executor.js";
import type { RemedyOutcome } from "./executor.js";
import { EXECUTORS } from "./executors.js";
import type { HttpRun } from "./http-executor.js";

/** Runs each executor supplies so one suite can check the shared contract. */
type ContractFixture<Run> = {
  readonly succeeding: Run;
  readonly failing: Run;
  readonly unstartable: Run;
  hanging(timeoutMs: number): Run;
  tearDown(): Promise<void>;
};

type RunOf<K extends RemedyTool> = Parameters<(typeof EXECUTORS)[K]["run"]>[0];

/** One fixture per executor in the registry: a new executor does not compile here until it has one. */
async function commandFixture(): Promise<ContractFixture<ExecRun>> {
  const node = (script: string, timeoutMs = 10_000): ExecRun => ({
    argv: [process.execPath, "-e", script],
    timeoutMs,
  });
  return {
    succeeding: node("process.stdout.write('done')"),
    failing: node("process.exit(1)"),
    unstartable: { argv: ["orbt-no-such-binary"], timeoutMs: 10_000 },
    hanging: (timeoutMs) => ({ argv: ["sleep", "30"], timeoutMs }),
    tearDown: async () => {},
  };
}

async function httpFixture(): Promise<ContractFixture<HttpRun>> {
  const server = await startLocalHttpServer((request, response) => {
    if (request.path === "/hang") return;
    response.statusCode = request.path === "/ok" ? 200 : 500;
    response.end("done");
  });
  const post = (url: string, timeoutMs = 10_000): HttpRun => ({ method: "POST", url, timeoutMs });
  return {
    succeeding: post(`${server.url}/ok`),
    failing: post(`${server.url}/fail`),
    unstartable: post(`http://127.0.0.1:${await freePort()}/ok`),
    hanging: (timeoutMs) => post(`${server.url}/hang`, timeoutMs),
    tearDown: () => server.close(),
  };
}

/** A fixture whose runs are another fixture's, each wrapped as `wrap` says. */
async function wrapped<Inner, Run>(
  fixture: Promise<ContractFixture<Inner>>,
  wrap: (run: Inner) => Run,
): Promise<ContractFixture<Run>> {
  const inner = await fixture;
  return {
    succeeding: wrap(inner.succeeding),
    failing: wrap(inner.failing),
    unstartable: wrap(inner.unstartable),
    hanging: (timeoutMs) => wrap(inner.hanging(timeoutMs)),
    tearDown: () => inner.tearDown(),
  };
}

/** One fixture per executor in the registry: a new executor does not compile here until it has one. */
const FIXTURES: { readonly [K in RemedyTool]: () => Promise<ContractFixture<RunOf<K>>> } = {
  exec: commandFixture,
  http: httpFixture,
  systemd: commandFixture,
  docker: commandFixture,
  kubectl: () => wrapped(commandFixture(), (command) => ({ command })),
  deploy_hook: () => wrapped(httpFixture(), (request) => ({ request })),
};

type ContractCase = {
  readonly setUp: () => Promise<ContractFixture<unknown>>;
  readonly run: (run: unknown, signal?: AbortSignal) => Promise<RemedyOutcome>;
};

const CASES = (Object.keys(EXECUTORS) as RemedyTool[]).map(
  (kind) => [kind, { setUp: FIXTURES[kind], run: EXECUTORS[kind].run } as ContractCase] as const,
);

describe.each(CASES)("Executor contract: %s", (kind, contractCase) => {
  let fixture: ContractFixture<unknown>;
  beforeAll(async () => {
    fixture = await contractCase.setUp();
  });
  afterAll(() => fixture.tearDown());
  const run = (remedy: unknown, signal?: AbortSignal) => contractCase.run(remedy, signal);

  it("reports success with its kind and a whole-millisecond duration", async () => {
    const outcome = await run(fixture.succeeding);
    expect(outcome).toMatchObject({ kind, ok: true, timedOut: false, output: "done" });
    expect(outcome.error).toBeUndefined();
    expect(Number.isInteger(outcome.durationMs)).toBe(true);
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("reports a failing remedy as not ok without an error", async () => {
    const outcome = await run(fixture.failing);
    expect(outcome).toMatchObject({ kind, ok: false, timedOut: false });
    expect(outcome.error).toBeUndefined();
  });

  it("resolves, never rejects, when the remedy cannot start", async () => {
    const outcome = await run(fixture.unstartable);
    expect(outcome).toMatchObject({ kind, ok: false, timedOut: false });
    expect(outcome.error?.message).toEqual(expect.any(String));
  });

  it("gives up at the timeout", async () => {
    const outcome = await run(fixture.hanging(150));
    expect(outcome).toMatchObject({ kind, ok: false, timedOut: true });
  });

  it("does not start when the signal is already aborted", async () => {
    const outcome = await run(fixture.succeeding, AbortSignal.abort());
    expect(outcome).toMatchObject({ kind, ok: false, timedOut: false, error: { code: "aborted" } });
  });

  it("stops a running remedy when the signal aborts", async () => {
    const controller = new AbortController();
    const pending = run(fixture.hanging(60_000), controller.signal);
    setTimeout(() => controller.abort(), 50);
    const outcome = await pending;
    expect(outcome).toMatchObject({ kind, ok: false, timedOut: false, error: { code: "aborted" } });
  });
});
