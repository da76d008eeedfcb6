/** A label set: label name to value. `__name__` holds the metric name. */
export type Labels = Readonly<Record<string, string>>;

export const METRIC_NAME_LABEL = "__name__";

const SEPARATOR = "\xff";

// Label sets are immutable and flow through many steps of a range query; their keys are cached.
const keyCache = new WeakMap<Labels, string>();

/** A stable key identifying a label set (sorted names), used to group and dedupe series. */
export function labelsKey(labels: Labels): string {
  const cached = keyCache.get(labels);
  if (cached !== undefined) return cached;
  const names = Object.keys(labels).sort();
  let key = "";
  for (const name of names) key += `${name}${SEPARATOR}${labels[name]}${SEPARATOR}`;
  keyCache.set(labels, key);
  return key;
}

// `on`/`by`/`ignoring`/`without` name lists come from the parsed query and are keyed once per list.
const sortedNames = new WeakMap<readonly string[], readonly string[]>();
const excludedNames = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Key over the given names only (`on`/`by`), missing labels count as empty. */
export function labelsKeyOn(labels: Labels, names: readonly string[]): string {
  let sorted = sortedNames.get(names);
  if (sorted === undefined) {
    sorted = [...names].sort();
    sortedNames.set(names, sorted);
  }
  let key = "";
  for (const name of sorted) {
    const value = labels[name];
    if (value !== undefined && value !== "") key += `${name}${SEPARATOR}${value}${SEPARATOR}`;
  }
  return key;
}

/** Key over all labels except the given names (`ignoring`/`without`); `__name__` is always excluded. */
export function labelsKeyWithout(labels: Labels, names: readonly string[]): string {
  let excluded = excludedNames.get(names);
  if (excluded === undefined) {
    excluded = new Set([...names, METRIC_NAME_LABEL]);
    excludedNames.set(names, excluded);
  }
  let key = "";
  for (const name of Object.keys(labels).sort()) {
    if (!excluded.has(name)) key += `${name}${SEPARATOR}${labels[name]}${SEPARATOR}`;
  }
  return key;
}

export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME_LABEL in labels)) return labels;
  const { [METRIC_NAME_LABEL]: _dropped, ...rest } = labels;
  return rest;
}

/** Labels sorted by name, as Prometheus orders them, with empty values removed. */
export function normalizeLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    const value = labels[name]!;
    if (value !== "") out[name] = value;
  }
  return out;
}

/** Prometheus's text form: `name{a="b", c="d"}`. */
export function formatLabels(labels: Labels): string {
  const name = labels[METRIC_NAME_LABEL] ?? "";
  const parts = Object.keys(labels)
    .filter((n) => n !== METRIC_NAME_LABEL)
    .sort()
    .map((n) => `${n}=${JSON.stringify(labels[n])}`);
  return parts.length === 0 && name !== "" ? name : `${name}{${parts.join(", ")}}`;
}

/** Go's labels.Labels String(): `{__name__="x", a="b"}`. */
export function formatLabelSet(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((n) => `${n}=${JSON.stringify(labels[n])}`);
  return `{${parts.join(", ")}}`;
}

export function compareLabels(a: Labels, b: Labels): number {
  const an = Object.keys(a).sort();
  const bn = Object.keys(b).sort();
  const n = Math.min(an.length, bn.length);
  for (let i = 0; i < n; i++) {
    const x = an[i]!;
    const y = bn[i]!;
    if (x !== y) return x < y ? -1 : 1;
    const xv = a[x]!;
    const yv = b[y]!;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return an.length - bn.length;
}

/** Escapes \0 and \1 ("\0" -> "\1\1", "\1" -> "\1\2") so that \0 can end a name or value; order is kept. */
function escapeForOrder(text: string): string {
  if (!text.includes("\0") && !text.includes("\x01")) return text;
  return text.replaceAll("\x01", "\x01\x02").replaceAll("\0", "\x01\x01");
}

/**
 * A string whose order (`<`) is exactly `compareLabels`'s order of label sets: names and values in
 * name order, each escaped and ended by \0, which no escaped text contains.
 */
export function labelsOrderKey(labels: Labels): string {
  let key = "";
  for (const name of Object.keys(labels).sort()) {
    key += `${escapeForOrder(name)}\0${escapeForOrder(labels[name]!)}\0`;
  }
  return key;
}

/** Sorts in `compareLabels` order, computing one key per item instead of comparing label objects. */
export function sortByLabels<T>(items: readonly T[], labelsOf: (item: T) => Labels): T[] {
  const keyed = items.map((item) => ({ key: labelsOrderKey(labelsOf(item)), item }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}
