import { formatGoFloat } from "./format-go-float.js";
import { goTypeName, type TemplateValue } from "./template-value.js";

const DIRECTIVE = /%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g;

/** Go's fmt.Sprintf for the verbs alert templates use: %v %s %q %d %f %g %e %%, width and precision. */
export function sprintfGo(format: string, args: readonly TemplateValue[]): string {
  let next = 0;
  const out = format.replace(
    DIRECTIVE,
    (_whole, flags: string, width?: string, precision?: string, verb = "") => {
      if (verb === "%") return "%";
      const arg = args[next];
      next++;
      if (arg === undefined) return `%!${verb}(MISSING)`;
      const text = formatArg(arg, verb, precision === undefined ? -1 : Number(precision));
      return pad(text, width === undefined ? 0 : Number(width), flags);
    },
  );
  if (next >= args.length) return out;
  const extra = args.slice(next).map((arg) => `${goTypeName(arg)}=${formatArg(arg, "v", -1)}`);
  return `${out}%!(EXTRA ${extra.join(", ")})`;
}

function formatArg(arg: TemplateValue, verb: string, precision: number): string {
  const wrong = () => `%!${verb}(${goTypeName(arg)}=${formatArg(arg, "v", -1)})`;
  if (typeof arg === "object") {
    if (verb !== "v") return wrong();
    const entries = Object.keys(arg)
      .sort()
      .map((key) => `${key}:${arg[key]}`);
    return `map[${entries.join(" ")}]`;
  }
  if (typeof arg === "string") {
    if (verb === "s" || verb === "v") return precision >= 0 ? arg.slice(0, precision) : arg;
    if (verb === "q") return JSON.stringify(arg);
    return wrong();
  }
  switch (verb) {
    case "v":
      return formatGoFloat(arg, "v");
    case "g":
    case "e":
      return formatGoFloat(arg, verb, precision);
    case "f":
    case "F":
      return formatGoFloat(arg, "f", precision < 0 ? 6 : precision);
    default:
      return wrong();
  }
}

function pad(text: string, width: number, flags: string): string {
  if (text.length >= width) return text;
  if (flags.includes("-")) return text.padEnd(width);
  if (flags.includes("0") && /^[-+]?\d/.test(text)) {
    const sign = /^[-+]/.test(text) ? text[0]! : "";
    return sign + text.slice(sign.length).padStart(width - sign.length, "0");
  }
  return text.padStart(width);
}
