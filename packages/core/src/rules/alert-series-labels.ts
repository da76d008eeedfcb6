import { type Labels, labelsKey } from "../promql/labels.js";

const ALERTS = "ALERTS";
const ALERTS_FOR_STATE = "ALERTS_FOR_STATE";

/** The metric names of every series `AlertSeriesLabels` names. */
export const ALERT_SERIES_NAMES: readonly string[] = [ALERTS, ALERTS_FOR_STATE];

/** A label set with its `labelsKey`. */
export type KeyedLabels = { readonly labels: Labels; readonly key: string };

/**
 * The label sets of one alert's ALERTS{alertstate="pending"|"firing"} and ALERTS_FOR_STATE series, each
 * built when first needed: an alert without `for` is never pending, and most alerts never fire.
 */
export class AlertSeriesLabels {
  readonly #alertLabels: Labels;
  #pending: KeyedLabels | undefined;
  #firing: KeyedLabels | undefined;
  #forState: KeyedLabels | undefined;

  constructor(alertLabels: Labels) {
    this.#alertLabels = alertLabels;
  }

  /** ALERTS of the alert in its state. */
  alerts(isFiring: boolean): KeyedLabels {
    if (isFiring) {
      this.#firing ??= this.#keyed(ALERTS, "firing");
      return this.#firing;
    }
    this.#pending ??= this.#keyed(ALERTS, "pending");
    return this.#pending;
  }

  forState(): KeyedLabels {
    this.#forState ??= this.#keyed(ALERTS_FOR_STATE, undefined);
    return this.#forState;
  }

  #keyed(name: string, alertstate: string | undefined): KeyedLabels {
    const labels =
      alertstate === undefined
        ? { ...this.#alertLabels, __name__: name }
        : { ...this.#alertLabels, __name__: name, alertstate };
    return { labels, key: labelsKey(labels) };
  }
}

// An active alert keeps its label object from round to round, so these are built once per alert.
const built = new WeakMap<Labels, AlertSeriesLabels>();

/** The ALERTS and ALERTS_FOR_STATE label sets of an alert's labels. */
export function alertSeriesLabels(labels: Labels): AlertSeriesLabels {
  let series = built.get(labels);
  if (series === undefined) {
    series = new AlertSeriesLabels(labels);
    built.set(labels, series);
  }
  return series;
}
