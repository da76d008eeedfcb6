import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import { parseDurationMs } from "../duration/parse-duration-ms.js";
import { err, ok, type Result } from "../result.js";
import type {
  AggregateOp,
  AtModifier,
  BinaryOp,
  DurationExpr,
  Expr,
  Span,
  ValueType,
  VectorMatching,
  VectorSelector,
} from "./ast.js";
import { checkTypes } from "./check-types.js";
import { unquoteGoString } from "./go-string.js";
import { compileAnchoredRegex, type LabelMatcher, type MatchType, matchesValue } from "./label-matcher.js";
import { METRIC_NAME_LABEL } from "./labels.js";
import { parseNumberLiteral } from "./parse-number-literal.js";
import { type PromqlError, PromqlFailure } from "./promql-error.js";

/** A parsed, type-checked expression and its result type. */
export type ParsedQuery = { readonly expr: Expr; readonly type: ValueType };

/** Parses a PromQL query; errors carry the character offset where parsing failed. */
export function parsePromql(query: string): Result<ParsedQuery, PromqlError> {
  try {
    const tree = parser.parse(blankTrailingDecimalPoints(query));
    const errorNode = findErrorNode(tree.topNode);
    const scalarDurationFn = findScalarDurationFunction(tree.topNode, query);
    if (errorNode !== undefined && scalarDurationFn !== undefined) {
      return err({
        code: "unsupported",
        message: `${scalarDurationFn}() outside a duration is not in the @prometheus-io/lezer-promql grammar`,
        position: 0,
      });
    }
    if (errorNode !== undefined) {
      const near = query.slice(errorNode.from, errorNode.from + 10);
      return err({
        code: "parse",
        message: `parse error at char ${errorNode.from + 1}: unexpected ${near === "" ? "end of input" : JSON.stringify(near)}`,
        position: errorNode.from,
      });
    }
    const top = tree.topNode.firstChild;
    if (top === null)
      return err({ code: "parse", message: "parse error: no expression found in input", position: 0 });
    const expr = new AstBuilder(query).build(top);
    return ok({ expr, type: checkTypes(expr) });
  } catch (e) {
    if (e instanceof PromqlFailure) return err(e.error);
    return err({ code: "parse", message: `internal error: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/** The grammar rejects `2.`; Go's parser reads it as 2. Blanking the dot keeps offsets intact. */
function blankTrailingDecimalPoints(query: string): string {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (quote !== undefined) {
      if (c === "\\" && quote !== "`") {
        out += c + (query[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === quote) quote = undefined;
      out += c;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    if (c === "." && /\d/.test(query[i - 1] ?? "") && !/[\w.]/.test(query[i + 1] ?? "")) {
      const run = /[\w.:]*$/.exec(query.slice(0, i))?.[0] ?? "";
      if (/^\d+$/.test(run)) {
        out += " ";
        continue;
      }
    }
    out += c;
  }
  return out;
}

function findScalarDurationFunction(node: SyntaxNode, query: string): string | undefined {
  if (node.name === "Identifier" && node.parent?.name === "VectorSelector") {
    const name = query.slice(node.from, node.to);
    if (name === "min_of" || name === "max_of") return name;
  }
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    const found = findScalarDurationFunction(child, query);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findErrorNode(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type.isError) return node;
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    const found = findErrorNode(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

function listChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) out.push(child);
  return out;
}

const BINARY_OPS: Record<string, BinaryOp> = {
  Add: "+",
  Sub: "-",
  Mul: "*",
  Div: "/",
  Mod: "%",
  Pow: "^",
  Atan2: "atan2",
  Eql: "==",
  Neq: "!=",
  Gtr: ">",
  Lss: "<",
  Gte: ">=",
  Lte: "<=",
  And: "and",
  Or: "or",
  Unless: "unless",
};

const MATCH_OPS: Record<string, MatchType> = { EqlSingle: "=", Neq: "!=", EqlRegex: "=~", NeqRegex: "!~" };

class AstBuilder {
  constructor(private readonly query: string) {}

  private text(node: SyntaxNode): string {
    return this.query.slice(node.from, node.to);
  }

  private fail(node: SyntaxNode, message: string, code: PromqlError["code"] = "parse"): never {
    throw new PromqlFailure({ code, message, position: node.from });
  }

  private span(node: SyntaxNode): Span {
    return { from: node.from, to: node.to };
  }

  build(node: SyntaxNode): Expr {
    const span = this.span(node);
    const kids = listChildren(node);
    switch (node.name) {
      case "ParenExpr":
        return { type: "Paren", expr: this.build(kids[0]!), span };
      case "NumberDurationLiteral": {
        const value = parseNumberLiteral(this.text(node));
        if (value === undefined)
          this.fail(node, `bad number or duration syntax: ${JSON.stringify(this.text(node))}`);
        return { type: "NumberLiteral", value, span };
      }
      case "StringLiteral":
        return { type: "StringLiteral", value: this.string(node), span };
      case "UnaryExpr": {
        const op = this.text(kids[0]!) === "-" ? "-" : "+";
        return { type: "Unary", op, expr: this.build(kids[1]!), span };
      }
      case "VectorSelector":
        return this.vectorSelector(node);
      case "MatrixSelector": {
        const inner = this.build(kids[0]!);
        if (inner.type !== "VectorSelector") this.fail(node, "ranges only allowed for vector selectors");
        if (inner.offset !== undefined || inner.at !== undefined) {
          this.fail(node, "no offset or @ modifiers allowed before range");
        }
        return { type: "MatrixSelector", selector: inner, range: this.duration(kids[1]!), span };
      }
      case "SubqueryExpr":
        return {
          type: "Subquery",
          expr: this.build(kids[0]!),
          range: this.duration(kids[1]!),
          step: kids[2] === undefined ? undefined : this.duration(kids[2]),
          offset: undefined,
          at: undefined,
          span,
        };
      case "OffsetExpr":
        return this.withOffset(node, this.build(kids[0]!), this.duration(kids[2]!));
      case "StepInvariantExpr":
        return this.withAt(node, this.build(kids[0]!), this.atModifier(kids[2]!));
      case "FunctionCall":
        return this.call(node, kids);
      case "AggregateExpr":
        return this.aggregate(node, kids);
      case "BinaryExpr":
        return this.binary(node, kids);
      case "AnchoredExpr":
      case "SmoothedExpr":
        return this.fail(node, "anchored and smoothed range selectors are not supported", "unsupported");
      default:
        return this.fail(node, `unexpected ${node.name}`);
    }
  }

  private string(node: SyntaxNode): string {
    const value = unquoteGoString(this.text(node));
    if (value === undefined) this.fail(node, `invalid string literal ${this.text(node)}`);
    return value;
  }

  private vectorSelector(node: SyntaxNode): VectorSelector {
    const matchers: LabelMatcher[] = [];
    let name: string | undefined;
    for (const kid of listChildren(node)) {
      if (kid.name === "Identifier") name = this.text(kid);
      if (kid.name !== "LabelMatchers") continue;
      for (const m of listChildren(kid)) {
        if (m.name === "QuotedLabelName") {
          if (name !== undefined) this.fail(m, "metric name must not be set twice");
          name = this.string(m.firstChild!);
          continue;
        }
        const [labelNode, opNode, valueNode] = listChildren(m);
        const labelName = m.name === "QuotedLabelMatcher" ? this.string(labelNode!) : this.text(labelNode!);
        const type = MATCH_OPS[opNode!.firstChild!.name];
        if (type === undefined) this.fail(opNode!, `unknown match operator ${this.text(opNode!)}`);
        const value = this.string(valueNode!);
        if (type === "=~" || type === "!~") this.checkRegex(valueNode!, value);
        matchers.push({ name: labelName, type, value });
      }
    }
    if (name !== undefined) {
      if (matchers.some((m) => m.name === METRIC_NAME_LABEL)) {
        this.fail(node, `metric name must not be set twice: ${JSON.stringify(name)}`);
      }
      matchers.unshift({ name: METRIC_NAME_LABEL, type: "=", value: name });
    }
    if (matchers.every(isEmptyMatching)) {
      this.fail(node, "vector selector must contain at least one non-empty matcher");
    }
    return {
      type: "VectorSelector",
      name,
      matchers,
      offset: undefined,
      at: undefined,
      span: this.span(node),
    };
  }

  private checkRegex(node: SyntaxNode, source: string): void {
    try {
      compileAnchoredRegex(source);
    } catch {
      this.fail(node, `invalid regular expression ${JSON.stringify(source)}`);
    }
  }

  private withOffset(node: SyntaxNode, expr: Expr, offset: DurationExpr): Expr {
    switch (expr.type) {
      case "VectorSelector":
      case "Subquery":
        if (expr.offset !== undefined) this.fail(node, "offset may not be set multiple times");
        return { ...expr, offset, span: { from: expr.span.from, to: node.to } };
      case "MatrixSelector":
        if (expr.selector.offset !== undefined) this.fail(node, "offset may not be set multiple times");
        return {
          ...expr,
          selector: { ...expr.selector, offset },
          span: { from: expr.span.from, to: node.to },
        };
      // The grammar attaches a trailing modifier to the whole binary/unary expression; PromQL binds it tighter.
      case "Binary":
        return { ...expr, rhs: this.withOffset(node, expr.rhs, offset) };
      case "Unary":
        return { ...expr, expr: this.withOffset(node, expr.expr, offset) };
      default:
        return this.fail(
          node,
          "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
        );
    }
  }

  private withAt(node: SyntaxNode, expr: Expr, at: AtModifier): Expr {
    switch (expr.type) {
      case "VectorSelector":
      case "Subquery":
        if (expr.at !== undefined) this.fail(node, "@ <timestamp> may not be set multiple times");
        return { ...expr, at, span: { from: expr.span.from, to: node.to } };
      case "MatrixSelector":
        if (expr.selector.at !== undefined) this.fail(node, "@ <timestamp> may not be set multiple times");
        return { ...expr, selector: { ...expr.selector, at }, span: { from: expr.span.from, to: node.to } };
      case "Binary":
        return { ...expr, rhs: this.withAt(node, expr.rhs, at) };
      case "Unary":
        return { ...expr, expr: this.withAt(node, expr.expr, at) };
      default:
        return this.fail(
          node,
          "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
        );
    }
  }

  private atModifier(node: SyntaxNode): AtModifier {
    if (node.name === "AtModifierPreprocessors")
      return { kind: node.firstChild!.name === "AtStart" ? "start" : "end" };
    const seconds = parseNumberLiteral(this.text(node));
    if (seconds === undefined || !Number.isFinite(seconds)) {
      this.fail(node, `timestamp out of bounds for @ modifier: ${this.text(node)}`);
    }
    return { kind: "time", timeMs: Math.round(seconds * 1000) };
  }

  private duration(node: SyntaxNode): DurationExpr {
    const kids = listChildren(node);
    switch (node.name) {
      case "NumberDurationLiteralInDurationContext":
      case "NumberDurationLiteral": {
        const text = this.text(node);
        const ms = parseDurationMs(text) ?? (parseNumberLiteral(text) ?? Number.NaN) * 1000;
        if (!Number.isFinite(ms)) this.fail(node, `bad duration syntax: ${JSON.stringify(text)}`);
        return { kind: "literal", ms };
      }
      case "DurationStep":
        return { kind: "step" };
      case "DurationRange":
        return { kind: "range" };
      case "DurationExpr":
      case "OffsetDurationExpr": {
        if (kids.length === 1) return this.duration(kids[0]!);
        const fn = kids[0]!.name;
        if (fn === "DurationMinOf" || fn === "DurationMaxOf") {
          return {
            kind: "call",
            fn: fn === "DurationMinOf" ? "min" : "max",
            args: kids.slice(1).map((k) => this.duration(k)),
          };
        }
        if (kids.length === 2 && kids[0]!.name === "UnaryOp") {
          const inner = this.duration(kids[1]!);
          return this.text(kids[0]!) === "-" ? { kind: "unary", expr: inner } : inner;
        }
        if (kids.length === 3) {
          return {
            kind: "binary",
            op: this.text(kids[1]!),
            lhs: this.duration(kids[0]!),
            rhs: this.duration(kids[2]!),
          };
        }
        return this.fail(node, `unsupported duration expression ${JSON.stringify(this.text(node))}`);
      }
      case "ParenExpr":
        return this.duration(kids[0]!);
      default:
        return this.fail(node, `unexpected ${node.name} in duration`);
    }
  }

  private call(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const func = this.text(kids[0]!);
    const args = listChildren(kids[1]!).map((a) => this.build(a));
    return { type: "Call", func, args, span: this.span(node) };
  }

  private aggregate(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const op = this.text(kids.find((k) => k.name === "AggregateOp")!).toLowerCase() as AggregateOp;
    const modifier = kids.find((k) => k.name === "AggregateModifier");
    const body = kids.find((k) => k.name === "FunctionCallBody")!;
    const args = listChildren(body).map((a) => this.build(a));
    const takesParam = ["topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio"].includes(op);
    if (args.length !== (takesParam ? 2 : 1)) {
      this.fail(
        node,
        `wrong number of arguments for aggregate expression provided, expected ${takesParam ? 2 : 1}, got ${args.length}`,
      );
    }
    return {
      type: "Aggregate",
      op,
      param: takesParam ? args[0] : undefined,
      expr: args[takesParam ? 1 : 0]!,
      grouping: modifier === undefined ? [] : this.groupingLabels(modifier),
      without: modifier?.firstChild?.name === "Without",
      span: this.span(node),
    };
  }

  private groupingLabels(node: SyntaxNode): string[] {
    const group = listChildren(node).find((k) => k.name === "GroupingLabels");
    if (group === undefined) return [];
    return listChildren(group).map((l) =>
      l.name === "QuotedLabelName" ? this.string(l.firstChild!) : this.text(l),
    );
  }

  private binary(node: SyntaxNode, kids: SyntaxNode[]): Expr {
    const lhs = this.build(kids[0]!);
    const rhs = this.build(kids[kids.length - 1]!);
    const opNode = kids[1]!;
    const op = BINARY_OPS[opNode.name];
    if (op === undefined) this.fail(opNode, `unknown binary operator ${this.text(opNode)}`);
    const middle = kids.slice(2, -1);
    if (middle.some((k) => k.name === "FillModifier"))
      this.fail(node, "fill modifiers are not supported", "unsupported");
    const returnBool = middle.some((k) => k.name === "BoolModifier");
    const clause = middle.find((k) => k.name === "MatchingModifierClause");
    return {
      type: "Binary",
      op,
      lhs,
      rhs,
      returnBool,
      matching: this.matching(op, clause),
      span: this.span(node),
    };
  }

  private matching(op: BinaryOp, clause: SyntaxNode | undefined): VectorMatching | undefined {
    const isSetOp = op === "and" || op === "or" || op === "unless";
    if (clause === undefined) {
      return { card: isSetOp ? "many-to-many" : "one-to-one", on: false, labels: [], include: [] };
    }
    const kids = listChildren(clause);
    const groups = kids.filter((k) => k.name === "GroupingLabels");
    const labelsOf = (g: SyntaxNode | undefined): string[] =>
      g === undefined
        ? []
        : listChildren(g).map((l) =>
            l.name === "QuotedLabelName" ? this.string(l.firstChild!) : this.text(l),
          );
    const side = kids.find((k) => k.name === "GroupLeft" || k.name === "GroupRight");
    const on = kids.some((k) => k.name === "On");
    const labels = kids[0]!.name === "On" || kids[0]!.name === "Ignoring" ? labelsOf(groups[0]) : [];
    const include = side === undefined ? [] : labelsOf(groups.find((g) => g.from > side.from));
    if (side !== undefined && isSetOp) this.fail(clause, `no grouping allowed for "${op}" operation`);
    let card: VectorMatching["card"] = isSetOp ? "many-to-many" : "one-to-one";
    if (side?.name === "GroupLeft") card = "many-to-one";
    if (side?.name === "GroupRight") card = "one-to-many";
    if (side !== undefined) {
      for (const label of include) {
        if (on && labels.includes(label)) {
          this.fail(clause, `label "${label}" must not occur in ON and GROUP clause at once`);
        }
      }
    }
    return { card, on, labels, include };
  }
}

function isEmptyMatching(m: LabelMatcher): boolean {
  return matchesValue(m, "");
}
