import type { Sample } from "./values.js";

/** A function mapping each sample's value; returns undefined to drop the sample. */
export type ValueMapper = (value: number, params: readonly number[]) => number | undefined;

function sgn(v: number): number {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

function toUtcDate(seconds: number): Date | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  return new Date(Math.trunc(seconds) * 1000);
}

function readDatePart(read: (d: Date) => number): ValueMapper {
  return (v) => {
    const d = toUtcDate(v);
    return d === undefined ? undefined : read(d);
  };
}

function getDayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** Functions of one instant vector that keep labels (the name is dropped) and map values. */
export const VALUE_FUNCTIONS: ReadonlyMap<string, ValueMapper> = new Map<string, ValueMapper>([
  ["abs", Math.abs],
  ["ceil", Math.ceil],
  ["floor", Math.floor],
  ["exp", Math.exp],
  ["sqrt", Math.sqrt],
  ["ln", Math.log],
  ["log2", Math.log2],
  ["log10", Math.log10],
  ["sgn", sgn],
  ["acos", Math.acos],
  ["acosh", Math.acosh],
  ["asin", Math.asin],
  ["asinh", Math.asinh],
  ["atan", Math.atan],
  ["atanh", Math.atanh],
  ["cos", Math.cos],
  ["cosh", Math.cosh],
  ["sin", Math.sin],
  ["sinh", Math.sinh],
  ["tan", Math.tan],
  ["tanh", Math.tanh],
  ["deg", (v) => (v * 180) / Math.PI],
  ["rad", (v) => (v * Math.PI) / 180],
  [
    "round",
    (v, p) => {
      const inverse = 1 / (p[0] ?? 1);
      return Math.floor(v * inverse + 0.5) / inverse;
    },
  ],
  ["clamp", (v, p) => (p[1]! < p[0]! ? undefined : Math.max(p[0]!, Math.min(p[1]!, v)))],
  ["clamp_max", (v, p) => Math.min(p[0]!, v)],
  ["clamp_min", (v, p) => Math.max(p[0]!, v)],
  ["day_of_month", readDatePart((d) => d.getUTCDate())],
  ["day_of_week", readDatePart((d) => d.getUTCDay())],
  ["day_of_year", readDatePart(getDayOfYear)],
  [
    "days_in_month",
    readDatePart((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()),
  ],
  ["hour", readDatePart((d) => d.getUTCHours())],
  ["minute", readDatePart((d) => d.getUTCMinutes())],
  ["month", readDatePart((d) => d.getUTCMonth() + 1)],
  ["year", readDatePart((d) => d.getUTCFullYear())],
]);

export function mapValues(
  samples: readonly Sample[],
  mapper: ValueMapper,
  params: readonly number[],
): Sample[] {
  const out: Sample[] = [];
  for (const s of samples) {
    const value = mapper(s.value, params);
    if (value !== undefined) out.push({ metric: s.metric, value, dropName: true });
  }
  return out;
}
