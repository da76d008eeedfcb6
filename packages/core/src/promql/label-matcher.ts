import { translateGoRegex } from "./go-regex.js";
import type { Labels } from "./labels.js";

export type MatchType = "=" | "!=" | "=~" | "!~";

/** One selector matcher, e.g. `job=~"api.*"`. */
export type LabelMatcher = { readonly name: string; readonly type: MatchType; readonly value: string };

const regexCache = new Map<string, RegExp>();

/** Go RE2 regexes, fully anchored, with `.` matching newlines as Prometheus compiles them. */
export function compileAnchoredRegex(source: string): RegExp {
  const cached = regexCache.get(source);
  if (cached !== undefined) return cached;
  const body = translateGoRegex(source);
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${body})$`, "su");
  } catch {
    regex = new RegExp(`^(?:${body})$`, "s");
  }
  regexCache.set(source, regex);
  return regex;
}

export function matchesValue(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.type) {
    case "=":
      return value === matcher.value;
    case "!=":
      return value !== matcher.value;
    case "=~":
      return compileAnchoredRegex(matcher.value).test(value);
    case "!~":
      return !compileAnchoredRegex(matcher.value).test(value);
  }
}

/** A missing label matches as the empty string, as in Prometheus. */
export function matchesLabels(matchers: readonly LabelMatcher[], labels: Labels): boolean {
  return matchers.every((m) => matchesValue(m, labels[m.name] ?? ""));
}
