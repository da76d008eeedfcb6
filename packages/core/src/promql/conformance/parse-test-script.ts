import { parseDurationMs } from "../../duration/parse-duration-ms.js";
import type { Labels } from "../labels.js";
import { parseNumberLiteral } from "../parse-number-literal.js";
import { expandValues, type SequenceValue } from "./expand-values.js";
import { parseSeriesDesc } from "./parse-series-desc.js";

export type LoadedSeries = {
  readonly labels: Labels;
  readonly values: readonly SequenceValue[];
  /** Native histogram samples: Orbt does not evaluate these. */
  readonly isHistogram: boolean;
};

/** What a test case expects besides its samples. */
export type Expectations = {
  fail: { readonly message?: string; readonly regex?: string } | undefined;
  warn: "some" | "none" | undefined;
  warnMessages: string[];
  warnRegexes: string[];
  info: "some" | "none" | undefined;
  isOrdered: boolean;
  stringValue: string | undefined;
  rangeVector: { readonly startMs: number; readonly endMs: number; readonly stepMs: number } | undefined;
  /** Expected series (or `{}` label-less scalars) with their values. */
  series: { readonly labels: Labels | undefined; readonly values: readonly SequenceValue[] }[];
  /** Lines the parser could not read: the case then fails. */
  unreadable: string[];
  mentionsHistogram: boolean;
};

export type EvalCase = {
  readonly type: "eval";
  readonly line: number;
  readonly expr: string;
  readonly instantAtMs: number | undefined;
  readonly range: { readonly startMs: number; readonly endMs: number; readonly stepMs: number } | undefined;
  readonly expect: Expectations;
};

export type TestCommand =
  | {
      readonly type: "load";
      readonly line: number;
      readonly stepMs: number;
      readonly series: LoadedSeries[];
      readonly isNhcb: boolean;
    }
  | { readonly type: "clear"; readonly line: number }
  | EvalCase
  | { readonly type: "invalid"; readonly line: number; readonly text: string };

/** Durations in test scripts; a bare number counts as seconds. */
function parseTestTimeMs(text: string): number | undefined {
  const negative = text.startsWith("-");
  const body = negative ? text.slice(1) : text;
  const ms = parseDurationMs(body) ?? (/^\d+(\.\d+)?$/.test(body) ? Number(body) * 1000 : undefined);
  if (ms === undefined) return undefined;
  return negative ? -ms : ms;
}

const EVAL = /^eval(?:_(fail|warn|info|ordered))?\s+(instant|range)\s+(.*)$/;
const INSTANT_AT = /^at\s+(\S+)\s+(.*)$/;
const RANGE_FROM = /^from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)\s+(.*)$/;

function emptyExpectations(): Expectations {
  return {
    fail: undefined,
    warn: undefined,
    warnMessages: [],
    warnRegexes: [],
    info: undefined,
    isOrdered: false,
    stringValue: undefined,
    rangeVector: undefined,
    series: [],
    unreadable: [],
    mentionsHistogram: false,
  };
}

/** Splits a promqltest script into commands; block bodies are the indented lines that follow. */
export function parseTestScript(text: string): TestCommand[] {
  const lines = text.split("\n");
  const commands: TestCommand[] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    const line = raw.trim();
    const lineNo = i + 1;
    i++;
    if (line === "" || line.startsWith("#")) continue;
    const body: string[] = [];
    while (i < lines.length && /^\s/.test(lines[i]!) && lines[i]!.trim() !== "") {
      const inner = lines[i]!.trim();
      if (!inner.startsWith("#") || inner === "#empty") body.push(inner);
      i++;
    }
    if (line === "clear") {
      commands.push({ type: "clear", line: lineNo });
      continue;
    }
    const load = /^load(_with_nhcb)?\s+(\S+)$/.exec(line);
    if (load !== null) {
      commands.push(parseLoad(lineNo, load[2]!, load[1] !== undefined, body));
      continue;
    }
    const ev = EVAL.exec(line);
    if (ev !== null) {
      commands.push(parseEval(lineNo, ev[1], ev[2] as "instant" | "range", ev[3]!, body));
      continue;
    }
    commands.push({ type: "invalid", line: lineNo, text: line });
  }
  return commands;
}

function parseLoad(line: number, step: string, isNhcb: boolean, body: string[]): TestCommand {
  const stepMs = parseTestTimeMs(step);
  if (stepMs === undefined) return { type: "invalid", line, text: `load ${step}` };
  const series: LoadedSeries[] = [];
  for (const text of body) {
    const desc = parseSeriesDesc(text);
    if (desc === undefined) return { type: "invalid", line, text };
    if (desc.rest.includes("{{")) {
      series.push({ labels: desc.labels, values: [], isHistogram: true });
      continue;
    }
    const values = expandValues(desc.rest);
    if (values === undefined) return { type: "invalid", line, text };
    series.push({ labels: desc.labels, values, isHistogram: isNhcb });
  }
  return { type: "load", line, stepMs, series, isNhcb };
}

function parseEval(
  line: number,
  variant: string | undefined,
  kind: "instant" | "range",
  rest: string,
  body: string[],
): TestCommand {
  const expect = emptyExpectations();
  if (variant === "fail") expect.fail = {};
  if (variant === "warn") expect.warn = "some";
  if (variant === "info") expect.info = "some";
  if (variant === "ordered") expect.isOrdered = true;
  let expr: string;
  let instantAtMs: number | undefined;
  let range: EvalCase["range"];
  if (kind === "instant") {
    const m = INSTANT_AT.exec(rest);
    const at = m === null ? undefined : parseTestTimeMs(m[1]!);
    if (m === null || at === undefined) return { type: "invalid", line, text: rest };
    instantAtMs = at;
    expr = m[2]!;
  } else {
    const m = RANGE_FROM.exec(rest);
    const parts = m === null ? [] : [m[1]!, m[2]!, m[3]!].map(parseTestTimeMs);
    if (m === null || parts.some((p) => p === undefined)) return { type: "invalid", line, text: rest };
    range = { startMs: parts[0]!, endMs: parts[1]!, stepMs: parts[2]! };
    expr = m[4]!;
  }
  for (const text of body) readExpectation(text, expect);
  return { type: "eval", line, expr, instantAtMs, range, expect };
}

function readExpectation(text: string, expect: Expectations): void {
  if (text === "#empty") return;
  if (text.includes("{{")) expect.mentionsHistogram = true;
  const directive = /^expect\s+(\w+)(?:\s+(.*))?$/.exec(text);
  if (directive !== null) {
    const [, what, arg = ""] = directive;
    const msg = /^msg:\s*(.*)$/.exec(arg)?.[1];
    const regex = /^regex:\s*(.*)$/.exec(arg)?.[1];
    switch (what) {
      case "fail":
        expect.fail = { ...(msg !== undefined && { message: msg }), ...(regex !== undefined && { regex }) };
        return;
      case "warn":
        expect.warn = "some";
        if (msg !== undefined) expect.warnMessages.push(msg);
        if (regex !== undefined) expect.warnRegexes.push(regex);
        return;
      case "no_warn":
        expect.warn = "none";
        return;
      case "info":
        expect.info = "some";
        return;
      case "no_info":
        expect.info = "none";
        return;
      case "ordered":
        expect.isOrdered = true;
        return;
      case "string":
        expect.stringValue = parseExpectedString(arg);
        return;
      case "range": {
        const m = /^vector\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)$/.exec(arg);
        const parts = m === null ? [] : [m[1]!, m[2]!, m[3]!].map(parseTestTimeMs);
        if (m === null || parts.some((p) => p === undefined)) expect.unreadable.push(text);
        else expect.rangeVector = { startMs: parts[0]!, endMs: parts[1]!, stepMs: parts[2]! };
        return;
      }
      default:
        expect.unreadable.push(text);
        return;
    }
  }
  const scalar = parseNumberLiteral(text);
  if (scalar !== undefined) {
    expect.series.push({ labels: undefined, values: [{ kind: "value", value: scalar }] });
    return;
  }
  const desc = parseSeriesDesc(text);
  const values = desc === undefined ? undefined : expandValues(desc.rest);
  if (desc === undefined || values === undefined) {
    expect.unreadable.push(text);
    return;
  }
  expect.series.push({ labels: desc.labels, values });
}

function parseExpectedString(arg: string): string {
  const trimmed = arg.trim();
  const quote = trimmed[0];
  if ((quote === '"' || quote === "`" || quote === "'") && trimmed.endsWith(quote) && trimmed.length >= 2) {
    return quote === "`"
      ? trimmed.slice(1, -1)
      : (JSON.parse(`"${trimmed.slice(1, -1).replace(/\\'/g, "'")}"`) as string);
  }
  return trimmed;
}
