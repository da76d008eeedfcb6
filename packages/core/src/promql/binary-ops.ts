import type { BinaryOp, VectorMatching } from "./ast.js";
import { formatLabelSet, type Labels, labelsKeyOn, labelsKeyWithout, METRIC_NAME_LABEL } from "./labels.js";
import { failExecution } from "./promql-error.js";
import type { Sample } from "./values.js";

const COMPARISONS: ReadonlySet<BinaryOp> = new Set(["==", "!=", ">", "<", ">=", "<="]);

export function isComparison(op: BinaryOp): boolean {
  return COMPARISONS.has(op);
}

/** Go's math.Pow special cases that differ from JS `**`. */
function powLikeGo(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 1) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

/** Arithmetic result, or for comparisons 1/0 (NaN compares false). */
export function applyScalarOp(op: BinaryOp, lhs: number, rhs: number): number {
  switch (op) {
    case "+":
      return lhs + rhs;
    case "-":
      return lhs - rhs;
    case "*":
      return lhs * rhs;
    case "/":
      return lhs / rhs;
    case "%":
      return lhs % rhs;
    case "^":
      return powLikeGo(lhs, rhs);
    case "atan2":
      return Math.atan2(lhs, rhs);
    case "==":
      return lhs === rhs ? 1 : 0;
    case "!=":
      return lhs !== rhs ? 1 : 0;
    case ">":
      return lhs > rhs ? 1 : 0;
    case "<":
      return lhs < rhs ? 1 : 0;
    case ">=":
      return lhs >= rhs ? 1 : 0;
    case "<=":
      return lhs <= rhs ? 1 : 0;
    default:
      return failExecution(`operator "${op}" not allowed between scalars`);
  }
}

/** `vector op scalar` (or `scalar op vector` when `isScalarLeft`). */
export function applyVectorScalar(
  op: BinaryOp,
  samples: readonly Sample[],
  scalar: number,
  isScalarLeft: boolean,
  returnBool: boolean,
): Sample[] {
  const out: Sample[] = [];
  const comparison = isComparison(op);
  for (const s of samples) {
    const result = isScalarLeft ? applyScalarOp(op, scalar, s.value) : applyScalarOp(op, s.value, scalar);
    if (comparison && !returnBool) {
      if (result === 1) out.push(s);
      continue;
    }
    out.push({ metric: s.metric, value: result, dropName: true });
  }
  return out;
}

function makeSignature(matching: VectorMatching): (labels: Labels) => string {
  return matching.on ? (l) => labelsKeyOn(l, matching.labels) : (l) => labelsKeyWithout(l, matching.labels);
}

/** `and`, `or`, `unless`. */
export function applySetOp(
  op: "and" | "or" | "unless",
  lhs: readonly Sample[],
  rhs: readonly Sample[],
  matching: VectorMatching,
): Sample[] {
  const sig = makeSignature(matching);
  switch (op) {
    case "and": {
      const right = new Set(rhs.map((s) => sig(s.metric)));
      return lhs.filter((s) => right.has(sig(s.metric)));
    }
    case "unless": {
      const right = new Set(rhs.map((s) => sig(s.metric)));
      return lhs.filter((s) => !right.has(sig(s.metric)));
    }
    case "or": {
      const left = new Set(lhs.map((s) => sig(s.metric)));
      return [...lhs, ...rhs.filter((s) => !left.has(sig(s.metric)))];
    }
  }
}

/** Arithmetic and comparisons between two instant vectors, with Prometheus's matching rules. */
export function applyVectorVector(
  op: BinaryOp,
  lhs: readonly Sample[],
  rhs: readonly Sample[],
  matching: VectorMatching,
  returnBool: boolean,
): Sample[] {
  const sig = makeSignature(matching);
  const isOneToMany = matching.card === "one-to-many";
  const [many, one] = isOneToMany ? [rhs, lhs] : [lhs, rhs];
  const oneBySig = new Map<string, Sample>();
  for (const s of one) {
    const key = sig(s.metric);
    const existing = oneBySig.get(key);
    if (existing !== undefined) {
      const side = isOneToMany ? "left" : "right";
      failExecution(
        `found duplicate series for the match group ${formatMatchGroup(s.metric, matching)} on the ${side} hand-side of the operation: [${formatLabelSet(existing.metric)}, ${formatLabelSet(s.metric)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    oneBySig.set(key, s);
  }
  const comparison = isComparison(op);
  const matchedSigs = new Set<string>();
  const insertedKeys = new Set<string>();
  const out: Sample[] = [];
  for (const s of many) {
    const key = sig(s.metric);
    const other = oneBySig.get(key);
    if (other === undefined) continue;
    if (matching.card === "one-to-one") {
      if (matchedSigs.has(key)) {
        failExecution(
          "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
        );
      }
      matchedSigs.add(key);
    }
    const [left, right] = isOneToMany ? [other, s] : [s, other];
    const result = applyScalarOp(op, left.value, right.value);
    if (comparison && !returnBool && result !== 1) continue;
    const metric = buildResultMetric(s.metric, other.metric, matching);
    if (matching.card !== "one-to-one") {
      const metricKey = JSON.stringify(Object.entries(metric).sort());
      if (insertedKeys.has(metricKey)) {
        failExecution("multiple matches for labels: grouping labels must ensure unique matches");
      }
      insertedKeys.add(metricKey);
    }
    const isFilter = comparison && !returnBool;
    out.push({
      metric,
      value: isFilter ? left.value : result,
      dropName: isFilter ? s.dropName : true,
    });
  }
  return out;
}

function buildResultMetric(many: Labels, one: Labels, matching: VectorMatching): Labels {
  let out: Record<string, string> = { ...many };
  if (matching.card === "one-to-one") {
    if (matching.on) {
      const kept: Record<string, string> = {};
      for (const name of matching.labels) if (out[name] !== undefined) kept[name] = out[name]!;
      out = kept;
    } else {
      for (const name of matching.labels) delete out[name];
    }
  }
  for (const name of matching.include) {
    const value = one[name];
    if (value !== undefined && value !== "") out[name] = value;
    else delete out[name];
  }
  return out;
}

function formatMatchGroup(labels: Labels, matching: VectorMatching): string {
  const entries = Object.entries(labels).filter(([name]) =>
    matching.on
      ? matching.labels.includes(name)
      : name !== METRIC_NAME_LABEL && !matching.labels.includes(name),
  );
  return formatLabelSet(Object.fromEntries(entries));
}
