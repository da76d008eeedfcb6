import { mapAlertToSymptom } from "@orbt/core";
import type { OrbtConfig } from "../config/orbt-config.js";
import type { Logger } from "../log/create-logger.js";
import type { SymptomSink } from "../serve/ingest/symptom-sink.js";
import type { AlertTransition } from "./rule-scheduler.js";

const DETAIL_CHARS = 2000;

/** A firing alert is a symptom of its service, a resolved one clears it; unmapped alerts are logged, not acted on. */
export function alertsToSymptoms(sink: SymptomSink, config: OrbtConfig, log: Logger) {
  return (transition: AlertTransition): void => {
    const mapped = mapAlertToSymptom(transition.alert.labels, config.symptoms);
    if (!mapped.ok) {
      log.warn(
        { rule: transition.rule, labels: transition.alert.labels, reason: mapped.error.code },
        "alert not mapped to a symptom",
      );
      return;
    }
    const { service, pattern, symptom, source } = mapped.value;
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
    });
  };
}
