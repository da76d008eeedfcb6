import { formatGoExponent } from "./format-go-exponent.js";
import { formatGoTime } from "./format-go-time.js";
import type { AlertView } from "./rules-view.js";
import { sortLabels } from "./sort-labels.js";

/** One alert as `/api/v1/alerts` and `/api/v1/rules` write it. */
export function formatAlert(alert: AlertView): Record<string, unknown> {
  return {
    labels: sortLabels(alert.labels),
    annotations: sortLabels(alert.annotations),
    state: alert.state,
    activeAt: formatGoTime(alert.activeAtMs),
    ...(alert.keepFiringSinceMs === undefined
      ? {}
      : { keepFiringSince: formatGoTime(alert.keepFiringSinceMs) }),
    value: formatGoExponent(alert.value),
  };
}
