/**
 * Rewrites Go RE2 syntax that JS (Node 20) lacks: inline case-insensitivity `(?i)` / `(?i:…)` becomes
 * explicit letter classes, `(?P<name>` becomes `(?<name>`. Other syntax is shared by both.
 */
export function translateGoRegex(source: string): string {
  if (!source.includes("(?")) return source;
  let out = "";
  const stack: boolean[] = [];
  let ci = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      out += c + (source[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === "[") {
      const end = classEnd(source, i);
      const body = source.slice(i + 1, end);
      out += `[${ci ? caseFoldClass(body) : body}]`;
      i = end;
      continue;
    }
    if (c === "(") {
      const flags = /^\(\?([a-zA-Z-]+)(\)|:)/.exec(source.slice(i));
      if (flags !== null) {
        const turnsOn = flags[1]!.split("-")[0]!.includes("i");
        const turnsOff = flags[1]!.split("-")[1]?.includes("i") === true;
        const next: boolean = turnsOn ? true : turnsOff ? false : ci;
        if (flags[2] === ")") {
          ci = next;
        } else {
          stack.push(ci);
          ci = next;
          out += "(?:";
        }
        i += flags[0].length - 1;
        continue;
      }
      if (source.startsWith("(?P<", i)) {
        out += "(?<";
        i += 3;
        stack.push(ci);
        continue;
      }
      stack.push(ci);
      out += c;
      continue;
    }
    if (c === ")") {
      ci = stack.pop() ?? false;
      out += c;
      continue;
    }
    out += ci && /[a-zA-Z]/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === "^") i++;
  if (source[i] === "]") i++;
  for (; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === "]") return i;
  }
  return source.length;
}

function caseFoldClass(body: string): string {
  const negated = body.startsWith("^");
  const inner = negated ? body.slice(1) : body;
  const flip = (upper: boolean): string =>
    inner.replace(/\\.|[a-zA-Z]/g, (m) => (m.length === 2 ? m : upper ? m.toUpperCase() : m.toLowerCase()));
  return `${negated ? "^" : ""}${inner}${flip(true)}${flip(false)}`;
}
