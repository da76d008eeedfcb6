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
  // Name-value pairs, one object built at the end: stores under names that vary per object would make
  // V8's property stores megamorphic, several times slower on a scrape's first pass over 100k lines.
  const merged = Object.entries(scraped);
  const clashes: [string, string][] = [];
  for (const [name, value] of Object.entries(target)) {
    const at = merged.findIndex(([merging]) => merging === name);
    const scrapedValue = at < 0 ? "" : merged[at]![1];
    if (scrapedValue !== "" && honorLabels) continue;
    if (scrapedValue !== "") clashes.push([name, scrapedValue]);
    if (at < 0) merged.push([name, value]);
    else merged[at] = [name, value];
  }
  if (clashes.length > 0) {
    clashes.sort(([a], [b]) => a.length - b.length);
    const isTaken = (name: string) => merged.some(([merging, value]) => merging === name && value !== "");
    for (const [name, value] of clashes) {
      let exported = `exported_${name}`;
      while (isTaken(exported)) exported = `exported_${exported}`;
      const at = merged.findIndex(([merging]) => merging === exported);
      if (at < 0) merged.push([exported, value]);
      else merged[at] = [exported, value];
    }
  }
  return fromEntries(merged);
}

/** Labels sorted by name without empty values, the form every appender receives. */
export function sortLabels(labels: Labels): Labels {
  return fromEntries(Object.entries(labels));
}

function fromEntries(entries: [string, string][]): Labels {
  return Object.fromEntries(entries.filter(([, value]) => value !== "").sort(byName));
}

function byName([a]: [string, string], [b]: [string, string]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
