import type { CheckConfig } from "../../config/orbt-config.js";
import { checkKindOf } from "./check-kinds.js";
import type { ProbeResult } from "./probe-result.js";

/** A check watches two things: whether the service answers (`up`), and how fast (`latency`). */
export type CheckAspect = "up" | "latency";

/** What one probe found wrong with one aspect of its check. */
export type AspectProblem = { readonly symptom: string; readonly detail: string };

/**
 * What a probe says of each aspect: a problem, null when that aspect is fine, undefined when the probe
 * tells nothing of it (a probe that got no answer has no latency to judge).
 */
export type ProbeVerdict = { readonly [A in CheckAspect]: AspectProblem | null | undefined };

function isServerError(status: number | undefined): boolean {
  return status !== undefined && status >= 500 && status < 600;
}

/**
 * The probe's verdict on its check: a failed probe is the kind's uptime symptom (a 5xx through a check
 * `via: load_balancer` is `load_balancer_issues`); an answer slower than `latency_threshold`, or failing a
 * response-time condition, is the kind's slow symptom. A kind without a slow symptom has no latency aspect.
 */
export function judgeProbe(check: CheckConfig, result: ProbeResult): ProbeVerdict {
  if (!result.ok) {
    const isLoadBalancer = check.via === "load_balancer" && isServerError(result.status);
    const symptom = isLoadBalancer ? "load_balancer_issues" : result.symptom;
    const detail = isLoadBalancer ? `${result.detail} through the load balancer` : result.detail;
    return { up: { symptom, detail }, latency: undefined };
  }
  const slow = checkKindOf(check).slow;
  if (slow === null) return { up: null, latency: undefined };
  const threshold = check.latencyThresholdMs;
  const detail =
    threshold !== null && result.latencyMs > threshold
      ? `answered in ${result.latencyMs}ms, over the ${threshold}ms latency threshold`
      : result.slowDetail;
  if (detail === undefined) return { up: null, latency: null };
  return { up: null, latency: { symptom: slow.symptom, detail } };
}

/** The pattern an aspect's symptoms belong to; undefined for the latency of a kind that has none. */
export function aspectPattern(check: CheckConfig, aspect: CheckAspect): string | undefined {
  return aspect === "up" ? "uptime_problems" : checkKindOf(check).slow?.pattern;
}

/** `check:<index>` for the uptime aspect, `check:<index>:latency` for the other. */
export function checkSource(index: number, aspect: CheckAspect): string {
  return aspect === "up" ? `check:${index}` : `check:${index}:latency`;
}

/** The check and aspect a `checkSource` names; undefined for any other source. */
export function parseCheckSource(source: string): { index: number; aspect: CheckAspect } | undefined {
  const match = /^check:(\d+)(:latency)?$/.exec(source);
  if (match === null) return undefined;
  return { index: Number(match[1]), aspect: match[2] === undefined ? "up" : "latency" };
}
