import type { ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import { request as httpRequest } from "node:http";
import * as z from "zod";
import { describeFetchFailure } from "../../act/fetch-failure.js";
import { expecting, httpUrl } from "../../config/field-schemas.js";
import type { CheckKind } from "./check-kind.js";
import {
  describeOutcome,
  type HttpCondition,
  holds,
  isResponseTimeCondition,
  namesStatus,
  parseHttpCondition,
  readsBody,
} from "./http-condition.js";
import { classifyConnectError, type ProbeResult } from "./probe-result.js";

export type HttpProbeOptions = {
  readonly url: string;
  /** Gatus-style conditions on the answer; none: a 2xx answer is healthy. */
  readonly conditions?: readonly HttpCondition[];
  readonly timeoutMs: number;
};

export type HttpTarget = { readonly kind: "http" } & Omit<HttpProbeOptions, "timeoutMs">;

/** Read no more of a body than this for the conditions: a huge or endless one cannot fill the daemon. */
const BODY_CAP_BYTES = 1024 * 1024;

const condition = z.string(expecting('a condition like "[STATUS] == 200"')).transform((text, ctx) => {
  const parsed = parseHttpCondition(text);
  if (typeof parsed !== "string") return parsed;
  ctx.issues.push({ code: "custom", input: text, message: parsed });
  return z.NEVER;
});

/**
 * `http: <url>`: a GET whose 2xx status is healthy. `http: {url, conditions}`: every condition must hold
 * too; a `[STATUS]` condition replaces the 2xx rule, and failed `[RESPONSE_TIME]` ones are slowness.
 */
export const httpCheck: CheckKind<HttpTarget> = {
  settings: z
    .union(
      [
        httpUrl.transform((url): HttpTarget => ({ kind: "http", url })),
        z
          .strictObject(
            {
              url: httpUrl.describe("URL to GET."),
              conditions: z
                .array(condition, expecting("a list of conditions"))
                .default([])
                .describe('Gatus-style conditions the answer must meet, e.g. "[BODY].status == UP".'),
            },
            expecting("a mapping with url"),
          )
          .transform((raw): HttpTarget => ({ kind: "http", url: raw.url, conditions: raw.conditions })),
      ],
      expecting("an http(s) URL, or a mapping with url"),
    )
    .describe("GET a URL (or a mapping with url); a 2xx answer, or one meeting conditions, is healthy."),
  probe: probeHttp,
  slow: { pattern: "performance_issues", symptom: "high_response_times" },
};

type Request = (
  url: URL,
  options: RequestOptions,
  onResponse: (response: IncomingMessage) => void,
) => ClientRequest;

/**
 * One HTTP health check: 2xx is healthy, and every condition must hold. Resolves with a result; never rejects.
 *
 * node:http rather than fetch: a probe runs every few seconds for the daemon's whole life, and fetch's
 * per-request objects and streams kept an idle daemon's RSS about 3 MB higher (fault-to-fix bench).
 */
export async function probeHttp(options: HttpProbeOptions): Promise<ProbeResult> {
  const startedAtMs = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAtMs);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const conditions = options.conditions ?? [];
  try {
    const url = new URL(options.url);
    // https (and the TLS stack behind it) loads only for a check that uses it.
    const request: Request = url.protocol === "https:" ? (await import("node:https")).request : httpRequest;
    const answer = await requestAnswer(request, url, signal, readsBody(conditions));
    const latencyMs = elapsedMs();
    const { status } = answer;
    const failed = (detail: string): ProbeResult => ({
      ok: false,
      latencyMs,
      symptom: "health_check_failures",
      detail,
      status,
    });
    // A redirect is reported, not followed: the probe checks exactly the configured endpoint.
    const isStatusJudged = conditions.some(namesStatus);
    if (!isStatusJudged && (status < 200 || status >= 300)) return failed(`HTTP ${status}`);
    if (answer.body === null) return failed(`HTTP ${status}: body over 1 MiB, not judged`);
    const judged = { status, responseTimeMs: latencyMs, body: answer.body };
    const unmet = conditions.filter((each) => !holds(each, judged));
    const describe = (list: readonly HttpCondition[]) =>
      list.map((each) => describeOutcome(each, judged)).join("; ");
    const failures = unmet.filter((each) => !isResponseTimeCondition(each));
    if (failures.length > 0) return failed(`HTTP ${status}: condition not met: ${describe(failures)}`);
    if (unmet.length > 0)
      return { ok: true, latencyMs, status, slowDetail: `condition not met: ${describe(unmet)}` };
    return { ok: true, latencyMs, status };
  } catch (err) {
    const latencyMs = elapsedMs();
    if (signal.aborted) {
      return {
        ok: false,
        latencyMs,
        symptom: "health_check_failures",
        detail: `timeout after ${options.timeoutMs}ms`,
      };
    }
    const failure = describeFetchFailure(err);
    return { ok: false, latencyMs, symptom: classifyConnectError(failure.code), detail: failure.message };
  }
}

/** The status, and the body when asked for: null when it ran past the cap. */
type Answer = { readonly status: number; readonly body: string | null | undefined };

/**
 * The response's status, and its body only when a condition reads it. Each probe has its own connection
 * (`agent: false`), closed as soon as what is needed is in: a body nobody reads may be large or endless.
 */
function requestAnswer(
  request: Request,
  url: URL,
  signal: AbortSignal,
  isBodyRead: boolean,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: "GET", agent: false, signal, headers: { "user-agent": "orbtd" } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (!isBodyRead) {
          resolve({ status, body: undefined });
          response.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.byteLength;
          if (bytes > BODY_CAP_BYTES) {
            resolve({ status, body: null });
            response.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => resolve({ status, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end();
  });
}
