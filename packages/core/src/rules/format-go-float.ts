/** The Go fmt verbs Orbt's templates format floats with. */
export type GoFloatVerb = "v" | "g" | "e" | "f";

/**
 * A float64 as Go's fmt prints it: `%v` and `%g` (shortest, or `precision` significant digits, `%e` for
 * exponents below -4 or from 6 / the precision up), `%e`, `%f`. Precision -1 means shortest.
 */
export function formatGoFloat(value: number, verb: GoFloatVerb, precision = -1): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const magnitude = Math.abs(value);
  if (verb === "f") return sign + formatFixed(magnitude, precision);
  const isShortest = precision < 0;
  const digitsWanted = verb === "e" ? precision + 1 : precision === 0 ? 1 : precision;
  const { digits, pointAt } = decimalDigits(magnitude, isShortest ? -1 : digitsWanted);
  if (verb === "e") {
    return sign + formatE(digits, pointAt, isShortest ? Math.max(digits.length - 1, 0) : precision);
  }
  let prec = isShortest ? digits.length : digitsWanted;
  let exponentThreshold = prec;
  if (exponentThreshold > digits.length && digits.length >= pointAt) exponentThreshold = digits.length;
  if (isShortest) exponentThreshold = 6;
  const exponent = pointAt - 1;
  if (exponent < -4 || exponent >= exponentThreshold) {
    if (prec > digits.length) prec = digits.length;
    return sign + formatE(digits, pointAt, Math.max(prec - 1, 0));
  }
  if (prec > pointAt) prec = digits.length;
  return sign + formatF(digits, pointAt, Math.max(prec - pointAt, 0));
}

/** Significant digits without trailing zeros and where the decimal point goes (Go's decimal type). */
function decimalDigits(magnitude: number, significant: number): { digits: string; pointAt: number } {
  if (magnitude === 0) return { digits: "", pointAt: 0 };
  // "d.ddde±x": the digits without the point and trailing zeros, and the exponent.
  const text = significant < 0 ? magnitude.toExponential() : magnitude.toExponential(significant - 1);
  const at = text.indexOf("e");
  let end = at;
  while (end > 2 && text.charCodeAt(end - 1) === 48) end--;
  const digits = end > 2 ? text[0]! + text.slice(2, end) : text[0]!;
  return { digits, pointAt: Number(text.slice(at + 1)) + 1 };
}

function digitAt(digits: string, index: number): string {
  return index >= 0 && index < digits.length ? digits[index]! : "0";
}

function formatE(digits: string, pointAt: number, decimals: number): string {
  let out = digitAt(digits, 0);
  if (decimals > 0) {
    out += ".";
    for (let i = 1; i <= decimals; i++) out += digitAt(digits, i);
  }
  const exponent = digits.length === 0 ? 0 : pointAt - 1;
  const abs = Math.abs(exponent);
  return `${out}e${exponent < 0 ? "-" : "+"}${abs < 10 ? `0${abs}` : abs}`;
}

function formatF(digits: string, pointAt: number, decimals: number): string {
  let out = "";
  if (pointAt > 0) for (let i = 0; i < pointAt; i++) out += digitAt(digits, i);
  else out = "0";
  if (decimals > 0) {
    out += ".";
    for (let i = 0; i < decimals; i++) out += digitAt(digits, pointAt + i);
  }
  return out;
}

function formatFixed(magnitude: number, precision: number): string {
  if (precision >= 0 && magnitude < 1e21) return magnitude.toFixed(precision);
  const { digits, pointAt } = decimalDigits(magnitude, -1);
  return formatF(digits, pointAt, precision >= 0 ? precision : Math.max(digits.length - pointAt, 0));
}
