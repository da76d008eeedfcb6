import type { LabelMatcher } from "./label-matcher.js";

/** Source span of a node, character offsets into the query. */
export type Span = { readonly from: number; readonly to: number };

/** `@ <time>`, `@ start()` or `@ end()`. */
export type AtModifier =
  | { readonly kind: "time"; readonly timeMs: number }
  | { readonly kind: "start" }
  | { readonly kind: "end" };

/** Durations may be expressions (`5m * 2`, `step()`), resolved at evaluation time. */
export type DurationExpr =
  | { readonly kind: "literal"; readonly ms: number }
  | { readonly kind: "step" }
  | { readonly kind: "range" }
  | { readonly kind: "unary"; readonly expr: DurationExpr }
  | { readonly kind: "binary"; readonly op: string; readonly lhs: DurationExpr; readonly rhs: DurationExpr }
  | { readonly kind: "call"; readonly fn: "min" | "max"; readonly args: readonly DurationExpr[] };

export type VectorSelector = {
  readonly type: "VectorSelector";
  readonly name: string | undefined;
  readonly matchers: readonly LabelMatcher[];
  readonly offset: DurationExpr | undefined;
  readonly at: AtModifier | undefined;
  readonly span: Span;
};

export type MatrixSelector = {
  readonly type: "MatrixSelector";
  readonly selector: VectorSelector;
  readonly range: DurationExpr;
  readonly span: Span;
};

export type Subquery = {
  readonly type: "Subquery";
  readonly expr: Expr;
  readonly range: DurationExpr;
  /** undefined: the engine's default subquery step. */
  readonly step: DurationExpr | undefined;
  readonly offset: DurationExpr | undefined;
  readonly at: AtModifier | undefined;
  readonly span: Span;
};

export type NumberLiteral = { readonly type: "NumberLiteral"; readonly value: number; readonly span: Span };
export type StringLiteral = { readonly type: "StringLiteral"; readonly value: string; readonly span: Span };

export type Call = {
  readonly type: "Call";
  readonly func: string;
  readonly args: readonly Expr[];
  readonly span: Span;
};

export type AggregateOp =
  | "sum"
  | "avg"
  | "min"
  | "max"
  | "count"
  | "stddev"
  | "stdvar"
  | "topk"
  | "bottomk"
  | "quantile"
  | "count_values"
  | "group"
  | "limitk"
  | "limit_ratio";

export type Aggregate = {
  readonly type: "Aggregate";
  readonly op: AggregateOp;
  readonly param: Expr | undefined;
  readonly expr: Expr;
  readonly grouping: readonly string[];
  readonly without: boolean;
  readonly span: Span;
};

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "atan2"
  | "=="
  | "!="
  | ">"
  | "<"
  | ">="
  | "<="
  | "and"
  | "or"
  | "unless";

export type VectorMatching = {
  readonly card: "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many";
  /** true: `on(labels)`; false: `ignoring(labels)` (the default, with no labels). */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** Extra labels copied from the "one" side (`group_left(include)`). */
  readonly include: readonly string[];
};

export type Binary = {
  readonly type: "Binary";
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  readonly matching: VectorMatching | undefined;
  readonly span: Span;
};

export type Unary = {
  readonly type: "Unary";
  readonly op: "-" | "+";
  readonly expr: Expr;
  readonly span: Span;
};
export type Paren = { readonly type: "Paren"; readonly expr: Expr; readonly span: Span };

/** A parsed PromQL expression. */
export type Expr =
  | VectorSelector
  | MatrixSelector
  | Subquery
  | NumberLiteral
  | StringLiteral
  | Call
  | Aggregate
  | Binary
  | Unary
  | Paren;

export type ValueType = "vector" | "matrix" | "scalar" | "string";
