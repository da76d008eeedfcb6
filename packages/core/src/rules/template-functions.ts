import { err, ok, type Result } from "../result.js";
import { formatGoFloat } from "./format-go-float.js";
import { sprintfGo } from "./sprintf-go.js";
import { goTypeName, type TemplateValue } from "./template-value.js";

type TemplateFunction = (args: readonly TemplateValue[]) => Result<TemplateValue, string>;

const SI_UP = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
const SI_DOWN = ["m", "u", "n", "p", "f", "a", "z", "y"];
const IEC_UP = ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];

function toFloat(value: TemplateValue | undefined): Result<number, string> {
  if (typeof value === "number") return ok(value);
  if (typeof value === "string") {
    const parsed = Number(value.trim());
    if (value.trim() !== "" && !Number.isNaN(parsed)) return ok(parsed);
    if (/^[+-]?(nan|inf|infinity)$/i.test(value.trim()))
      return ok(Number(value.replace(/inf$/i, "Infinity")));
    return err(`strconv.ParseFloat: parsing ${JSON.stringify(value)}: invalid syntax`);
  }
  return err(`can't convert ${value === undefined ? "nil" : goTypeName(value)} to float`);
}

function g4(value: number): string {
  return formatGoFloat(value, "g", 4);
}

function scaleDown(value: number, prefixes: readonly string[], base: number): [number, string] {
  let v = value;
  let prefix = "";
  for (const p of prefixes) {
    if (Math.abs(v) < base) break;
    prefix = p;
    v /= base;
  }
  return [v, prefix];
}

function scaleUp(value: number): [number, string] {
  let v = value;
  let prefix = "";
  for (const p of SI_DOWN) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return [v, prefix];
}

function numeric(format: (value: number) => string): TemplateFunction {
  return (args) => {
    if (args.length !== 1) return err(`wrong number of args: want 1 got ${args.length}`);
    const value = toFloat(args[0]);
    return value.ok ? ok(format(value.value)) : value;
  };
}

function text(transform: (value: string) => string): TemplateFunction {
  return (args) => {
    const [value] = args;
    if (args.length !== 1 || typeof value !== "string") return err("expected one string argument");
    return ok(transform(value));
  };
}

function humanizeDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return g4(seconds);
  if (seconds === 0) return `${g4(seconds)}s`;
  if (Math.abs(seconds) >= 1) {
    const sign = seconds < 0 ? "-" : "";
    const total = Math.trunc(Math.abs(seconds));
    const secs = total % 60;
    const minutes = Math.trunc(total / 60) % 60;
    const hours = Math.trunc(total / 3600) % 24;
    const days = Math.trunc(total / 86_400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${secs}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${secs}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${secs}s`;
    return `${sign}${g4(Math.abs(seconds))}s`;
  }
  const [v, prefix] = scaleUp(seconds);
  return `${g4(v)}${prefix}s`;
}

/** The functions alert templates may call: Prometheus's humanize family plus Go's printf and print. */
export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  humanize: numeric((v) => {
    if (v === 0 || !Number.isFinite(v)) return g4(v);
    const [scaled, prefix] = Math.abs(v) >= 1 ? scaleDown(v, SI_UP, 1000) : scaleUp(v);
    return `${g4(scaled)}${prefix}`;
  }),
  humanize1024: numeric((v) => {
    if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
    const [scaled, prefix] = scaleDown(v, IEC_UP, 1024);
    return `${g4(scaled)}${prefix}`;
  }),
  humanizeDuration: numeric(humanizeDuration),
  humanizePercentage: numeric((v) => `${g4(v * 100)}%`),
  toUpper: text((v) => v.toUpperCase()),
  toLower: text((v) => v.toLowerCase()),
  title: text((v) =>
    v.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, before: string, c: string) => before + c.toUpperCase()),
  ),
  printf: (args) => {
    const [format, ...rest] = args;
    if (typeof format !== "string") return err("printf wants a format string first");
    return ok(sprintfGo(format, rest));
  },
  print: (args) =>
    ok(
      args
        .map((arg, i) => {
          const spaced = i > 0 && typeof arg !== "string" && typeof args[i - 1] !== "string";
          return (spaced ? " " : "") + sprintfGo("%v", [arg]);
        })
        .join(""),
    ),
};
