import { err, ok, type Result } from "@orbt/core";

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const ESCAPE = /\\(.)/g;

/**
 * Reads a sample's `name{a="b",…}` (as `scanExposition` hands it over) into labels with `__name__`.
 * Also accepts the quoted forms (`{"name.with.dots", "label.x"="v"}`). Empty values are dropped, as
 * Prometheus treats them as absent.
 */
export function parseSeriesLabels(series: string): Result<Record<string, string>, string> {
  const labels: Record<string, string> = {};
  NAME.lastIndex = 0;
  let i = NAME.test(series) ? NAME.lastIndex : 0;
  if (i > 0) labels.__name__ = series.slice(0, i);
  while (series[i] === " " || series[i] === "\t") i++;
  if (series[i] === "{") {
    const end = readLabelSet(series, i + 1, labels);
    if (typeof end === "string") return err(end);
    i = end;
  }
  if (i !== series.length) return err(`unexpected ${JSON.stringify(series.slice(i))} in ${series}`);
  if (labels.__name__ === undefined) return err(`no metric name in ${series}`);
  return ok(labels);
}

function readLabelSet(series: string, from: number, labels: Record<string, string>): number | string {
  let i = from;
  for (;;) {
    i = skipBlanks(series, i);
    if (series[i] === "}") return i + 1;
    let name: string;
    const isQuoted = series[i] === '"';
    if (isQuoted) {
      const quoted = readQuoted(series, i);
      if (quoted === undefined) return `unterminated quoted name in ${series}`;
      name = quoted.value;
      i = quoted.end;
    } else {
      LABEL_NAME.lastIndex = i;
      if (!LABEL_NAME.test(series)) return `invalid label name at ${JSON.stringify(series.slice(i))}`;
      name = series.slice(i, LABEL_NAME.lastIndex);
      i = LABEL_NAME.lastIndex;
    }
    i = skipBlanks(series, i);
    if (series[i] === "=") {
      i = skipBlanks(series, i + 1);
      const quoted = readQuoted(series, i);
      if (quoted === undefined) return `invalid value for label ${name} in ${series}`;
      if (Object.hasOwn(labels, name)) return `duplicate label ${name} in ${series}`;
      if (quoted.value !== "") labels[name] = quoted.value;
      i = quoted.end;
    } else if (isQuoted && labels.__name__ === undefined && (series[i] === "," || series[i] === "}")) {
      // A bare quoted string inside the braces is the metric name.
      labels.__name__ = name;
    } else {
      return `expected "=" after label ${name} in ${series}`;
    }
    i = skipBlanks(series, i);
    if (series[i] === ",") i++;
    else if (series[i] !== "}") return `expected "," or "}" in ${series}`;
  }
}

function skipBlanks(text: string, i: number): number {
  while (text[i] === " " || text[i] === "\t") i++;
  return i;
}

/** A `"…"` string starting at `start` with `\\`, `\"` and `\n` undone; other escapes stay as written. */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  if (text[start] !== '"') return undefined;
  let hasEscape = false;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      hasEscape = true;
      i++;
    } else if (c === '"') {
      const raw = text.slice(start + 1, i);
      return { value: hasEscape ? unescapeLabelValue(raw) : raw, end: i + 1 };
    }
  }
  return undefined;
}

function unescapeLabelValue(raw: string): string {
  return raw.replace(ESCAPE, (whole, c: string) => {
    if (c === "n") return "\n";
    if (c === "\\" || c === '"') return c;
    return whole;
  });
}
