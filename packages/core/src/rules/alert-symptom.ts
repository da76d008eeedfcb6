import { findPattern } from "../patterns/pattern-catalog.js";
import { type Labels, labelsKey } from "../promql/labels.js";
import type { ErrorPattern } from "../protocol/error-pattern.js";
import { err, ok, type Result } from "../result.js";

/** Config's `symptoms:` entry: alerts whose labels equal all of `match` become this symptom. */
export type SymptomMapping = { readonly match: Labels; readonly pattern: string; readonly symptom: string };

/** What an alert means to the engine. */
export type AlertSymptom = { readonly service: string; readonly pattern: string; readonly symptom: string };

export type AlertSymptomError = {
  readonly code: "no_service" | "no_symptom" | "unknown_pattern" | "unknown_symptom";
  readonly message: string;
};

/**
 * The symptom a firing or resolved alert stands for, whichever source it came from (rules evaluated here,
 * Alertmanager): service from its `service` label, else `job`; pattern and symptom from its
 * `orbt_pattern` / `orbt_symptom` labels, else the first matching mapping, checked against the pattern catalog.
 */
export function mapAlertToSymptom(
  labels: Labels,
  mappings: readonly SymptomMapping[],
  patterns: readonly ErrorPattern[],
): Result<AlertSymptom, AlertSymptomError> {
  const alertname = labels.alertname ?? "";
  const service = labels.service ?? labels.job;
  if (service === undefined || service === "") {
    return err({ code: "no_service", message: `alert ${alertname} has neither a service nor a job label` });
  }
  const fromLabels =
    labels.orbt_pattern !== undefined && labels.orbt_symptom !== undefined
      ? { pattern: labels.orbt_pattern, symptom: labels.orbt_symptom }
      : undefined;
  const mapped =
    fromLabels ??
    mappings.find((m) => Object.entries(m.match).every(([name, value]) => labels[name] === value));
  if (mapped === undefined) {
    return err({
      code: "no_symptom",
      message: `alert ${alertname} has no orbt_pattern/orbt_symptom labels and matches no symptoms: entry`,
    });
  }
  const pattern = findPattern(patterns, mapped.pattern);
  if (pattern === undefined) {
    return err({
      code: "unknown_pattern",
      message: `alert ${alertname}: unknown pattern "${mapped.pattern}"`,
    });
  }
  if (!pattern.symptoms.includes(mapped.symptom)) {
    return err({
      code: "unknown_symptom",
      message: `alert ${alertname}: pattern ${pattern.name} has no symptom "${mapped.symptom}"`,
    });
  }
  return ok({ service, pattern: pattern.name, symptom: mapped.symptom });
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/** `alert:<alertname>:<FNV-1a 64 of the label set>`: one source per alert instance. */
export function alertSource(labels: Labels): string {
  let hash = FNV_OFFSET;
  const key = labelsKey(labels);
  for (let i = 0; i < key.length; i++) hash = ((hash ^ BigInt(key.charCodeAt(i))) * FNV_PRIME) & MASK;
  return `alert:${labels.alertname ?? ""}:${hash.toString(16).padStart(16, "0")}`;
}

/** The alertname in a source made by `alertSource`; undefined for sources of other kinds. */
export function alertNameOfSource(source: string): string | undefined {
  if (!source.startsWith("alert:")) return undefined;
  return source.slice("alert:".length, source.lastIndexOf(":"));
}
