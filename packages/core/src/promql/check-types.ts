import type { Expr, ValueType } from "./ast.js";
import { FUNCTION_SIGNATURES } from "./function-signatures.js";
import { PromqlFailure } from "./promql-error.js";

const TYPE_NAMES: Record<ValueType, string> = {
  vector: "instant vector",
  matrix: "range vector",
  scalar: "scalar",
  string: "string",
};

function fail(expr: Expr, message: string): never {
  throw new PromqlFailure({ code: "type", message, position: expr.span.from });
}

function expectType(expr: Expr, want: ValueType, context: string): void {
  const got = checkTypes(expr);
  if (got !== want) fail(expr, `expected type ${TYPE_NAMES[want]} in ${context}, got ${TYPE_NAMES[got]}`);
}

const COMPARISONS = new Set(["==", "!=", ">", "<", ">=", "<="]);
const SET_OPS = new Set(["and", "or", "unless"]);

/** Prometheus's static checks; returns the expression's result type. */
export function checkTypes(expr: Expr): ValueType {
  switch (expr.type) {
    case "NumberLiteral":
      return "scalar";
    case "StringLiteral":
      return "string";
    case "VectorSelector":
      return "vector";
    case "MatrixSelector":
      return "matrix";
    case "Paren":
      return checkTypes(expr.expr);
    case "Subquery":
      expectType(expr.expr, "vector", "subquery");
      return "matrix";
    case "Unary": {
      const t = checkTypes(expr.expr);
      if (t !== "scalar" && t !== "vector") {
        fail(
          expr,
          `unary expression only allowed on expressions of type scalar or instant vector, got ${TYPE_NAMES[t]}`,
        );
      }
      return t;
    }
    case "Aggregate": {
      expectType(expr.expr, "vector", "aggregation expression");
      if (expr.param !== undefined) {
        expectType(expr.param, expr.op === "count_values" ? "string" : "scalar", "aggregation parameter");
      }
      return "vector";
    }
    case "Call": {
      const signature = FUNCTION_SIGNATURES.get(expr.func);
      if (signature === undefined) fail(expr, `unknown function with name ${JSON.stringify(expr.func)}`);
      const n = expr.args.length;
      const max = signature.isVariadic ? Number.POSITIVE_INFINITY : signature.argTypes.length;
      if (n < signature.minArgs || n > max) {
        fail(
          expr,
          `expected ${signature.minArgs} argument(s) in call to ${JSON.stringify(expr.func)}, got ${n}`,
        );
      }
      expr.args.forEach((arg, i) => {
        const want = signature.argTypes[Math.min(i, signature.argTypes.length - 1)]!;
        expectType(arg, want, `call to function ${JSON.stringify(expr.func)}`);
      });
      return signature.returns;
    }
    case "Binary": {
      const lt = checkTypes(expr.lhs);
      const rt = checkTypes(expr.rhs);
      for (const t of [lt, rt]) {
        if (t !== "scalar" && t !== "vector")
          fail(expr, "binary expression must contain only scalar and instant vector types");
      }
      const isComparison = COMPARISONS.has(expr.op);
      if (expr.returnBool && !isComparison)
        fail(expr, "bool modifier can only be used on comparison operators");
      if (isComparison && lt === "scalar" && rt === "scalar" && !expr.returnBool) {
        fail(expr, "comparisons between scalars must use BOOL modifier");
      }
      if (SET_OPS.has(expr.op) && (lt !== "vector" || rt !== "vector")) {
        fail(expr, `set operator "${expr.op}" not allowed in binary scalar expression`);
      }
      const m = expr.matching;
      const hasModifier =
        m !== undefined &&
        (m.on || m.labels.length > 0 || m.card === "one-to-many" || m.card === "many-to-one");
      if (hasModifier && (lt !== "vector" || rt !== "vector")) {
        fail(expr, "vector matching only allowed between instant vectors");
      }
      return lt === "vector" || rt === "vector" ? "vector" : "scalar";
    }
  }
}
