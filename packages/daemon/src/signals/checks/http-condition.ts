/**
 * Gatus-style conditions on an HTTP answer, such as `[STATUS] == 200`, `[BODY].data[0].status == UP`,
 * `[RESPONSE_TIME] < 300`, `[BODY] == pat(*ok*)`, `len([BODY].items) > 0`, `has([BODY].errors) == false`.
 */

import { assertNever } from "@orbt/core";

type PathStep = { readonly key: string } | { readonly index: number };

type Operand =
  | { readonly type: "status" }
  | { readonly type: "response_time" }
  | { readonly type: "body"; readonly path: readonly PathStep[] }
  | { readonly type: "len" | "has"; readonly body: readonly PathStep[] }
  | { readonly type: "literal"; readonly text: string }
  | { readonly type: "pattern"; readonly pattern: RegExp }
  | { readonly type: "any"; readonly options: readonly string[] };

const OPERATORS = ["==", "!=", "<=", ">=", ">", "<"] as const;
type Operator = (typeof OPERATORS)[number];

export type HttpCondition = {
  readonly text: string;
  /** The sides as written, for the detail. */
  readonly written: readonly [string, string];
  readonly left: Operand;
  readonly operator: Operator;
  readonly right: Operand;
};

/** What a condition is judged on. `body` is undefined when no condition reads it. */
export type HttpAnswer = { readonly status: number; readonly responseTimeMs: number; readonly body?: string };

const SUPPORTED = "[STATUS], [RESPONSE_TIME], [BODY]";

/** `a.b[0].c` into its steps; undefined when it is not such a path. */
function parsePath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  const step = /(?:^|\.)([^.[\]]+)|\[(\d+)\]/y;
  while (step.lastIndex < text.length) {
    const match = step.exec(text);
    if (match === null) return undefined;
    steps.push(match[1] !== undefined ? { key: match[1] } : { index: Number(match[2]) });
  }
  return steps;
}

/** A glob as Gatus's `pat()` reads it: `*` any run of characters, `?` any one. */
function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((char) =>
      char === "*" ? "[\\s\\S]*" : char === "?" ? "[\\s\\S]" : char.replace(/[\\^$.|+()[\]{}]/, "\\$&"),
    )
    .join("");
  return new RegExp(`^${body}$`);
}

function parseBodyPath(text: string): readonly PathStep[] | string {
  const rest = text.slice("[BODY]".length);
  const path = rest === "" ? [] : parsePath(rest.startsWith(".") ? rest.slice(1) : rest);
  return path ?? `expected a JSON path like [BODY].data[0].name, got ${text}`;
}

function parseOperand(raw: string): Operand | string {
  const text = raw.trim();
  const call = /^(len|has|pat|any)\((.*)\)$/s.exec(text);
  if (call !== null) {
    const [, name, inner = ""] = call;
    if (name === "pat") return { type: "pattern", pattern: globToRegExp(inner) };
    if (name === "any") return { type: "any", options: inner.split(",").map((option) => option.trim()) };
    if (!inner.toUpperCase().startsWith("[BODY]"))
      return `${name}() takes [BODY] or a path in it, got ${inner}`;
    const body = parseBodyPath(inner);
    return typeof body === "string" ? body : { type: name as "len" | "has", body };
  }
  const upper = text.toUpperCase();
  if (upper === "[STATUS]") return { type: "status" };
  if (upper === "[RESPONSE_TIME]") return { type: "response_time" };
  if (upper.startsWith("[BODY]")) {
    const path = parseBodyPath(text);
    return typeof path === "string" ? path : { type: "body", path };
  }
  if (/^\[[A-Z_]+\]$/.test(upper)) return `unsupported placeholder ${text}; supported: ${SUPPORTED}`;
  return { type: "literal", text };
}

const isNumeric = (text: string) => text.trim() !== "" && Number.isFinite(Number(text));

/** A condition, or why it is not one. */
export function parseHttpCondition(text: string): HttpCondition | string {
  for (const operator of OPERATORS) {
    const at = text.indexOf(` ${operator} `);
    if (at < 0) continue;
    const written = [text.slice(0, at).trim(), text.slice(at + operator.length + 2).trim()] as const;
    const left = parseOperand(written[0]);
    const right = parseOperand(written[1]);
    if (typeof left === "string") return left;
    if (typeof right === "string") return right;
    const functions = [left, right].filter((side) => side.type === "pattern" || side.type === "any");
    if (functions.length > 0 && operator !== "==" && operator !== "!=") {
      return `pat() and any() compare with == or != only, not ${operator}`;
    }
    if (functions.length > 1) return "expected pat() or any() on one side only";
    const literals = [left, right].filter((side) => side.type === "literal");
    if (operator !== "==" && operator !== "!=" && literals.some((side) => !isNumeric(side.text))) {
      return `expected a number on each side of ${operator}`;
    }
    return { text, written, left, operator, right };
  }
  return `expected a condition like "[STATUS] == 200" (operators ${OPERATORS.join(" ")}, spaced), got "${text}"`;
}

/** Whether any condition reads the body, which the probe then reads (within a cap). */
export function readsBody(conditions: readonly HttpCondition[]): boolean {
  const isBodyOperand = (side: Operand) => side.type === "body" || side.type === "len" || side.type === "has";
  return conditions.some((condition) => isBodyOperand(condition.left) || isBodyOperand(condition.right));
}

/** Whether the condition is about the response time alone: failing it is slowness, not a failure. */
export function isResponseTimeCondition(condition: HttpCondition): boolean {
  const sides = [condition.left, condition.right];
  return sides.some((side) => side.type === "response_time") && sides.every((side) => side.type !== "status");
}

export function namesStatus(condition: HttpCondition): boolean {
  return condition.left.type === "status" || condition.right.type === "status";
}

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** The value at `path`, or undefined when the body is not JSON or has nothing there. */
function walk(body: string, path: readonly PathStep[]): Json | undefined {
  let value: Json | undefined;
  try {
    value = JSON.parse(body) as Json;
  } catch {
    return undefined;
  }
  for (const step of path) {
    if (value === null || typeof value !== "object") return undefined;
    if ("index" in step) value = Array.isArray(value) ? (value as readonly Json[])[step.index] : undefined;
    else value = Array.isArray(value) ? undefined : (value as { readonly [key: string]: Json })[step.key];
    if (value === undefined) return undefined;
  }
  return value;
}

const asText = (value: Json) => (typeof value === "string" ? value : JSON.stringify(value));

/** An operand's value in the answer; undefined when the body has nothing at its path. */
function resolve(side: Operand, answer: HttpAnswer): string | undefined {
  const body = answer.body ?? "";
  switch (side.type) {
    case "status":
      return String(answer.status);
    case "response_time":
      return String(answer.responseTimeMs);
    case "body": {
      if (side.path.length === 0) return body.trim();
      const value = walk(body, side.path);
      return value === undefined ? undefined : asText(value);
    }
    case "len": {
      const value = side.body.length === 0 ? (walk(body, []) ?? body.trim()) : walk(body, side.body);
      if (value === undefined) return undefined;
      return String(Array.isArray(value) ? value.length : asText(value).length);
    }
    case "has":
      return String(walk(body, side.body) !== undefined);
    case "literal":
      return side.text;
    case "pattern":
    case "any":
      return undefined;
    default:
      return assertNever(side);
  }
}

function isEqual(left: Operand, right: Operand, answer: HttpAnswer): boolean {
  const [fn, other] = left.type === "pattern" || left.type === "any" ? [left, right] : [right, left];
  const value = resolve(other, answer);
  if (value === undefined) return false;
  if (fn.type === "pattern") return fn.pattern.test(value);
  if (fn.type === "any") return fn.options.includes(value);
  const compared = resolve(fn, answer);
  if (compared === undefined) return false;
  return isNumeric(value) && isNumeric(compared) ? Number(value) === Number(compared) : value === compared;
}

function compare(operator: "<" | "<=" | ">" | ">=", left: number, right: number): boolean {
  switch (operator) {
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    default:
      return assertNever(operator);
  }
}

/** Whether the condition holds for the answer. */
export function holds(condition: HttpCondition, answer: HttpAnswer): boolean {
  const { left, operator, right } = condition;
  if (operator === "==") return isEqual(left, right, answer);
  if (operator === "!=") return !isEqual(left, right, answer);
  const [a, b] = [resolve(left, answer), resolve(right, answer)];
  if (a === undefined || b === undefined || !isNumeric(a) || !isNumeric(b)) return false;
  return compare(operator, Number(a), Number(b));
}

/** The condition as written, each placeholder followed by its value in the answer: `[STATUS] (503) == 200`. */
export function describeOutcome(condition: HttpCondition, answer: HttpAnswer): string {
  const shown = (side: Operand, text: string) => {
    if (side.type === "literal" || side.type === "pattern" || side.type === "any") return text;
    const value = resolve(side, answer);
    const quoted = value === undefined ? "nothing" : value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return `${text} (${quoted})`;
  };
  const [leftText, rightText] = condition.written;
  return `${shown(condition.left, leftText)} ${condition.operator} ${shown(condition.right, rightText)}`;
}
