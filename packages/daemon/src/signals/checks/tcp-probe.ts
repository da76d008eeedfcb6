import { connect } from "node:net";
import * as z from "zod";
import { expecting, hostPort, regex } from "../../config/field-schemas.js";
import { pickAtMostOneKind } from "../../config/kind-keys.js";
import type { CheckKind } from "./check-kind.js";
import { classifyConnectError, type ProbeResult } from "./probe-result.js";

/** What the answer must hold: a piece of text, or a match of a pattern. */
export type ExpectedAnswer = { readonly text: string } | { readonly pattern: RegExp };

export type TcpProbeOptions = {
  readonly host: string;
  readonly port: number;
  /** Written once the connection opens. */
  readonly send?: string;
  /** Read from the answer until it holds this; the handshake alone is healthy when absent. */
  readonly expect?: ExpectedAnswer;
  /** Covers name resolution, the TCP handshake and, with `expect`, the answer. */
  readonly timeoutMs: number;
};

export type TcpTarget = { readonly kind: "tcp" } & Omit<TcpProbeOptions, "timeoutMs">;

/** Read no further than this for an expected answer: a service that streams cannot fill the daemon. */
const ANSWER_CAP_CHARS = 64 * 1024;
/** How much of a wrong answer the detail quotes. */
const QUOTED_ANSWER_CHARS = 80;

const EXPECTS = ["expect", "expect_regex"] as const;

const Conversation = z
  .strictObject(
    {
      address: hostPort.describe("host:port to connect to."),
      send: z.string(expecting("a string")).optional().describe("Written once connected."),
      expect: z
        .string(expecting("a string"))
        .min(1, expecting("a non-empty string"))
        .optional()
        .describe("Text the answer must hold."),
      expect_regex: regex
        .optional()
        .describe("A regular expression the answer must match, instead of expect."),
    },
    expecting("a mapping with address"),
  )
  .transform((raw, ctx): TcpTarget | typeof z.NEVER => {
    const picked = pickAtMostOneKind(EXPECTS, raw, ctx);
    if (picked === undefined) return z.NEVER;
    const expect: ExpectedAnswer | undefined =
      raw.expect !== undefined
        ? { text: raw.expect }
        : raw.expect_regex !== undefined
          ? { pattern: raw.expect_regex }
          : undefined;
    return { kind: "tcp", ...raw.address, send: raw.send, expect };
  });

/**
 * `tcp: <host:port>`: a completed handshake is healthy. `tcp: {address, send, expect | expect_regex}`:
 * `send` is written once connected, and the answer must hold `expect` (or match `expect_regex`).
 */
export const tcpCheck: CheckKind<TcpTarget> = {
  settings: z
    .union(
      [hostPort.transform((address): TcpTarget => ({ kind: "tcp", ...address })), Conversation],
      expecting("host:port like 127.0.0.1:7070, or a mapping with address"),
    )
    .describe("Open a TCP connection to host:port (or a mapping with address)."),
  probe: probeTcp,
  slow: { pattern: "performance_issues", symptom: "high_response_times" },
};

function isExpected(answer: string, expect: ExpectedAnswer): boolean {
  return "text" in expect ? answer.includes(expect.text) : expect.pattern.test(answer);
}

function describeExpected(expect: ExpectedAnswer): string {
  return "text" in expect ? JSON.stringify(expect.text) : `/${expect.pattern.source}/`;
}

function quoteAnswer(answer: string): string {
  if (answer === "") return "nothing";
  const quoted = JSON.stringify(answer.slice(0, QUOTED_ANSWER_CHARS));
  return answer.length > QUOTED_ANSWER_CHARS ? `${quoted}...` : quoted;
}

/**
 * One TCP health check: a completed handshake, and with `expect` an answer holding it, is healthy.
 * Resolves with a result; never rejects.
 */
export function probeTcp(options: TcpProbeOptions): Promise<ProbeResult> {
  const startedAtMs = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAtMs);
  return new Promise((resolve) => {
    const socket = connect({ host: options.host, port: options.port });
    const finish = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const failed = (detail: string) =>
      finish({ ok: false, latencyMs: elapsedMs(), symptom: "health_check_failures", detail });
    let onTimeout = () => failed(`timeout after ${options.timeoutMs}ms`);
    const timer = setTimeout(() => onTimeout(), options.timeoutMs);
    socket.once("connect", () => {
      if (options.send !== undefined) socket.write(options.send);
      if (options.expect === undefined) return finish({ ok: true, latencyMs: elapsedMs() });
      const expect = options.expect;
      let answer = "";
      const wrongAnswer = (how: string) =>
        failed(`${how} without an answer holding ${describeExpected(expect)}; got ${quoteAnswer(answer)}`);
      onTimeout = () => wrongAnswer(`timeout after ${options.timeoutMs}ms`);
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => {
        answer = (answer + chunk).slice(0, ANSWER_CAP_CHARS);
        if (isExpected(answer, expect)) finish({ ok: true, latencyMs: elapsedMs() });
        else if (answer.length >= ANSWER_CAP_CHARS) wrongAnswer(`${ANSWER_CAP_CHARS} characters read`);
      });
      socket.once("end", () => wrongAnswer("connection closed"));
    });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      const code = err.code ?? "ECONNFAILED";
      finish({ ok: false, latencyMs: elapsedMs(), symptom: classifyConnectError(code), detail: err.message });
    });
  });
}
