import { type Labels, labelsKey } from "../promql/labels.js";

/** The label sets (and their `labelsKey`s) of the ALERTS and ALERTS_FOR_STATE series of one alert. */
export type AlertSeriesLabels = {
  readonly pending: Labels;
  readonly pendingKey: string;
  readonly firing: Labels;
  readonly firingKey: string;
  readonly forState: Labels;
  readonly forStateKey: string;
};

// An active alert keeps its label object from round to round, so these are built once per alert.
const built = new WeakMap<Labels, AlertSeriesLabels>();

/** ALERTS{alertstate="pending"|"firing"} and ALERTS_FOR_STATE label sets for an alert's labels. */
export function alertSeriesLabels(labels: Labels): AlertSeriesLabels {
  let series = built.get(labels);
  if (series === undefined) {
    const pending = { ...labels, __name__: "ALERTS", alertstate: "pending" };
    const firing = { ...labels, __name__: "ALERTS", alertstate: "firing" };
    const forState = { ...labels, __name__: "ALERTS_FOR_STATE" };
    series = {
      pending,
      pendingKey: labelsKey(pending),
      firing,
      firingKey: labelsKey(firing),
      forState,
      forStateKey: labelsKey(forState),
    };
    built.set(labels, series);
  }
  return series;
}
