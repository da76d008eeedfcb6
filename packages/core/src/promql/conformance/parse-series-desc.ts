import { unquoteGoString } from "../go-string.js";
import { type Labels, METRIC_NAME_LABEL } from "../labels.js";

/** A `metric{a="b"}` series description and the rest of its line. */
export type SeriesDesc = { readonly labels: Labels; readonly rest: string };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:.]*/;
const QUOTED = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/;

/** Parses the series description at the start of a test-script line; undefined if there is none. */
export function parseSeriesDesc(line: string): SeriesDesc | undefined {
  let rest = line.trim();
  const labels: Record<string, string> = {};
  const name = NAME.exec(rest);
  if (name !== null) {
    labels[METRIC_NAME_LABEL] = name[0];
    rest = rest.slice(name[0].length);
  }
  if (rest.startsWith("{")) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith("}")) {
      const labelName = readToken(rest);
      if (labelName === undefined) return undefined;
      rest = labelName.rest.trimStart();
      if (rest.startsWith(",") || rest.startsWith("}")) {
        // A lone quoted string is the metric name.
        labels[METRIC_NAME_LABEL] = labelName.value;
      } else {
        if (!rest.startsWith("=")) return undefined;
        rest = rest.slice(1).trimStart();
        const value = readToken(rest);
        if (value === undefined) return undefined;
        labels[labelName.value] = value.value;
        rest = value.rest.trimStart();
      }
      if (rest.startsWith(",")) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith("}")) return undefined;
    }
    rest = rest.slice(1);
  } else if (name === null) {
    return undefined;
  }
  return { labels, rest: rest.trim() };
}

function readToken(text: string): { value: string; rest: string } | undefined {
  const quoted = QUOTED.exec(text);
  if (quoted !== null) {
    const value = unquoteGoString(quoted[0]);
    return value === undefined ? undefined : { value, rest: text.slice(quoted[0].length) };
  }
  const name = NAME.exec(text);
  return name === null ? undefined : { value: name[0], rest: text.slice(name[0].length) };
}
