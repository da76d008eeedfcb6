import {
  type AlertSymptomError,
  type ErrorPattern,
  mapAlertToSymptom,
  type SymptomMapping,
} from "@orbt/core";
import type { AlertmanagerWebhook } from "./alertmanager-webhook.js";

/** A symptom that an alert raises while firing and clears once resolved. */
export type AlertSignal = {
  readonly service: string;
  readonly pattern: string;
  readonly symptom: string;
  readonly firing: boolean;
  readonly fingerprint: string;
  readonly startsAtMs: number;
};

export type UnmappedAlert = {
  readonly reason: AlertSymptomError["code"];
  readonly fingerprint: string;
  readonly labels: Readonly<Record<string, string>>;
};

export type AlertTranslation = {
  readonly signals: readonly AlertSignal[];
  readonly unmapped: readonly UnmappedAlert[];
};

/**
 * Turns each alert into a signal, mapped as every alert is (`mapAlertToSymptom`: its labels, else the
 * config's `symptoms`, checked against `patterns`). Alerts that map to no symptom are returned unmapped,
 * with the reason.
 */
export function translateAlertmanagerWebhook(
  payload: AlertmanagerWebhook,
  mappings: readonly SymptomMapping[],
  patterns: readonly ErrorPattern[],
): AlertTranslation {
  const signals: AlertSignal[] = [];
  const unmapped: UnmappedAlert[] = [];
  for (const alert of payload.alerts) {
    const fingerprint = alert.fingerprint === "" ? fingerprintOf(alert.labels) : alert.fingerprint;
    const mapped = mapAlertToSymptom(alert.labels, mappings, patterns);
    if (!mapped.ok) {
      unmapped.push({ reason: mapped.error.code, fingerprint, labels: alert.labels });
      continue;
    }
    signals.push({
      ...mapped.value,
      firing: alert.status === "firing",
      fingerprint,
      startsAtMs: Date.parse(alert.startsAt),
    });
  }
  return { signals, unmapped };
}

// Alertmanager before 0.20 sent no fingerprint; the sorted label set identifies the alert just as well.
function fingerprintOf(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
