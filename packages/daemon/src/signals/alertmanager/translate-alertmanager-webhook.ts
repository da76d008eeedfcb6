import type { AlertmanagerAlert, AlertmanagerWebhook } from "./alertmanager-webhook.js";

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
  readonly reason: "no_symptom" | "no_service";
  readonly fingerprint: string;
  readonly labels: Readonly<Record<string, string>>;
};

export type AlertTranslation = {
  readonly signals: readonly AlertSignal[];
  readonly unmapped: readonly UnmappedAlert[];
};

/** Says which pattern and symptom an alert stands for when its labels do not. */
export type MapAlert = (
  alert: AlertmanagerAlert,
) => { readonly pattern: string; readonly symptom: string } | undefined;

/**
 * Turns each alert into a signal: the service is `labels.service`, else `labels.job`; pattern and symptom come
 * from the `orbt_pattern`/`orbt_symptom` labels, else from `mapAlert`. Alerts with neither are returned unmapped.
 */
export function translateAlertmanagerWebhook(
  payload: AlertmanagerWebhook,
  mapAlert?: MapAlert,
): AlertTranslation {
  const signals: AlertSignal[] = [];
  const unmapped: UnmappedAlert[] = [];
  for (const alert of payload.alerts) {
    const fingerprint = alert.fingerprint === "" ? fingerprintOf(alert.labels) : alert.fingerprint;
    const service = alert.labels.service ?? alert.labels.job;
    if (service === undefined || service === "") {
      unmapped.push({ reason: "no_service", fingerprint, labels: alert.labels });
      continue;
    }
    const { orbt_pattern: pattern, orbt_symptom: symptom } = alert.labels;
    const mapping = pattern !== undefined && symptom !== undefined ? { pattern, symptom } : mapAlert?.(alert);
    if (mapping === undefined) {
      unmapped.push({ reason: "no_symptom", fingerprint, labels: alert.labels });
      continue;
    }
    signals.push({
      service,
      pattern: mapping.pattern,
      symptom: mapping.symptom,
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
