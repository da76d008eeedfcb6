import type { Labels } from "@orbt/core";

/** A label set with its names in byte order, the order Prometheus writes them in JSON. */
export function sortLabels(labels: Labels): Labels {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) sorted[name] = labels[name]!;
  return sorted;
}
