import { alertNameOfSource, alertSource, mapAlertToSymptom } from "@orbt/core";
import type { OrbtConfig } from "../../config/orbt-config.js";
import { configuredPatterns } from "../../config/pattern-config.js";
import type { Logger } from "../../create-logger.js";
import type { ActiveSource } from "../../runtime/orbt-runtime.js";
import type { SymptomSink } from "../ingest/symptom-sink.js";
import type { AlertTransition, SettledGroup } from "./rule-scheduler.js";

const DETAIL_CHARS = 2000;

/** A firing alert is a symptom of its service, a resolved one clears it; unmapped alerts are logged, not acted on. */
export function alertsToSymptoms(sink: SymptomSink, config: OrbtConfig, log: Logger) {
  return (transition: AlertTransition): void => {
    const mapped = mapAlertToSymptom(transition.alert.labels, config.symptoms, configuredPatterns(config));
    if (!mapped.ok) {
      log.warn(
        { rule: transition.rule, labels: transition.alert.labels, reason: mapped.error.code },
        "alert not mapped to a symptom",
      );
      return;
    }
    const { service, pattern, symptom } = mapped.value;
    const source = alertSource(transition.alert.labels);
    if (transition.type === "resolved") {
      if (sink.isSourceActive(service, pattern, source)) {
        void sink.dispatch({ type: "SymptomCleared", service, pattern, source });
      }
      return;
    }
    const { summary, description } = transition.alert.annotations;
    const detail = `${transition.rule}: ${summary ?? description ?? `value ${transition.alert.value}`}`;
    void sink.dispatch({
      type: "SymptomSeen",
      service,
      pattern,
      symptom,
      source,
      detail: detail.slice(0, DETAIL_CHARS),
      labels: transition.alert.labels,
    });
  };
}

/**
 * After a restart no transition reports an alert that stopped firing while the daemon was down: once a
 * group has settled, the symptoms its alerts opened and that are not pending or firing now are cleared.
 */
export function clearVanishedAlerts(
  sink: Pick<SymptomSink, "dispatch"> & { activeSources(): readonly ActiveSource[] },
  config: OrbtConfig,
  log: Logger,
) {
  return (settled: SettledGroup): void => {
    const present = new Set(
      settled.activeAlerts.flatMap((alert) =>
        mapAlertToSymptom(alert.labels, config.symptoms, configuredPatterns(config)).ok
          ? [alertSource(alert.labels)]
          : [],
      ),
    );
    for (const { service, pattern, source } of sink.activeSources()) {
      const alertName = alertNameOfSource(source);
      if (alertName === undefined || !settled.alertNames.has(alertName) || present.has(source)) continue;
      log.info({ service, pattern, source, group: settled.group }, "alert stopped while orbtd was down");
      void sink.dispatch({ type: "SymptomCleared", service, pattern, source });
    }
  };
}
