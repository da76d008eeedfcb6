import type { Labels } from "@orbt/core";

const DEFAULT_PORT: Record<string, string> = { "http:": "80", "https:": "443" };

/** A target's own labels: `job` = the service, `instance` = the URL's host:port, then configured labels. */
export function targetLabels(job: string, url: string, configured: Labels): Labels {
  const parsed = new URL(url);
  const port = parsed.port === "" ? DEFAULT_PORT[parsed.protocol] : parsed.port;
  return sortLabels({ job, instance: `${parsed.hostname}:${port}`, ...configured });
}

/**
 * Adds the target's labels to scraped ones as Prometheus does. `honorLabels` false: a clashing scraped
 * label is kept as `exported_<name>` (prefixed again while taken); true: the scraped value wins.
 */
export function attachTargetLabels(scraped: Labels, target: Labels, honorLabels: boolean): Labels {
  const merged: Record<string, string> = { ...scraped };
  const clashes: [string, string][] = [];
  for (const [name, value] of Object.entries(target)) {
    const scrapedValue = merged[name];
    const isScraped = scrapedValue !== undefined && scrapedValue !== "";
    if (isScraped && honorLabels) continue;
    if (isScraped) clashes.push([name, scrapedValue]);
    merged[name] = value;
  }
  clashes.sort(([a], [b]) => a.length - b.length);
  for (const [name, value] of clashes) {
    let exported = `exported_${name}`;
    while (merged[exported] !== undefined && merged[exported] !== "") exported = `exported_${exported}`;
    merged[exported] = value;
  }
  return sortLabels(merged);
}

/** Labels sorted by name without empty values, the form every appender receives. */
export function sortLabels(labels: Labels): Labels {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    const value = labels[name]!;
    if (value !== "") sorted[name] = value;
  }
  return sorted;
}
