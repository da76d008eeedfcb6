import { compileAnchoredRegex } from "./label-matcher.js";
import { type Labels, labelsKey, METRIC_NAME_LABEL } from "./labels.js";
import { failExecution } from "./promql-error.js";
import type { Sample } from "./values.js";

function isValidLabelName(name: string): boolean {
  return name !== "" && !name.includes("\uFFFD");
}

function withLabel(metric: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...metric };
  if (value === "") delete out[name];
  else out[name] = value;
  return out;
}

/** Go regexp's Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expandTemplate(template: string, match: RegExpExecArray): string {
  return template.replace(
    /\$(\$|\{([^}]*)\}|([a-zA-Z0-9_]+))/g,
    (_all, whole: string, braced?: string, bare?: string) => {
      if (whole === "$") return "$";
      const ref = braced ?? bare ?? "";
      if (/^\d+$/.test(ref)) return match[Number(ref)] ?? "";
      return match.groups?.[ref] ?? "";
    },
  );
}

export function labelReplace(
  samples: readonly Sample[],
  dst: string,
  replacement: string,
  src: string,
  regexSource: string,
): Sample[] {
  let regex: RegExp;
  try {
    regex = compileAnchoredRegex(regexSource);
  } catch {
    return failExecution(`invalid regular expression in label_replace(): ${regexSource}`);
  }
  if (!isValidLabelName(dst)) failExecution(`invalid destination label name in label_replace(): ${dst}`);
  return rejectDuplicates(
    samples.map((s) => {
      const match = regex.exec(s.metric[src] ?? "");
      if (match === null) return s;
      const metric = withLabel(s.metric, dst, expandTemplate(replacement, match));
      return { metric, value: s.value, dropName: dst === METRIC_NAME_LABEL ? false : s.dropName };
    }),
  );
}

export function labelJoin(
  samples: readonly Sample[],
  dst: string,
  separator: string,
  srcs: readonly string[],
): Sample[] {
  if (!isValidLabelName(dst)) failExecution(`invalid destination label name in label_join(): ${dst}`);
  for (const src of srcs) {
    if (!isValidLabelName(src)) failExecution(`invalid source label name in label_join(): ${src}`);
  }
  return rejectDuplicates(
    samples.map((s) => {
      const value = srcs.map((src) => s.metric[src] ?? "").join(separator);
      const metric = withLabel(s.metric, dst, value);
      return { metric, value: s.value, dropName: dst === METRIC_NAME_LABEL ? false : s.dropName };
    }),
  );
}

function rejectDuplicates(samples: Sample[]): Sample[] {
  const seen = new Set<string>();
  for (const s of samples) {
    const key = labelsKey(s.metric);
    if (seen.has(key)) failExecution("vector cannot contain metrics with the same labelset");
    seen.add(key);
  }
  return samples;
}
