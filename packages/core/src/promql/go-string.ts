/** Decodes a PromQL string literal token (`"…"`, `'…'` with Go escapes, or raw `` `…` ``). */
export function unquoteGoString(token: string): string | undefined {
  const quote = token[0];
  if (token.length < 2 || token[token.length - 1] !== quote) return undefined;
  const body = token.slice(1, -1);
  if (quote === "`") return body;
  if (quote !== '"' && quote !== "'") return undefined;
  let out = "";
  const bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length > 0) out += decodeUtf8(bytes.splice(0));
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      flushBytes();
      out += c;
      continue;
    }
    const e = body[++i];
    const simple = SIMPLE_ESCAPES[e ?? ""];
    if (simple !== undefined) {
      flushBytes();
      out += simple;
    } else if (e === "x") {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e !== undefined && e >= "0" && e <= "7") {
      bytes.push(Number.parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else if (e === "u" || e === "U") {
      const len = e === "u" ? 4 : 8;
      flushBytes();
      out += String.fromCodePoint(Number.parseInt(body.slice(i + 1, i + 1 + len), 16));
      i += len;
    } else if (e === quote) {
      flushBytes();
      out += quote;
    } else {
      return undefined;
    }
  }
  flushBytes();
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
};

/** UTF-8 bytes to a string; invalid sequences become U+FFFD, as Go renders them. */
function decodeUtf8(bytes: readonly number[]): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    const cont = bytes.slice(i + 1, i + len);
    if (len === 0 || cont.length !== len - 1 || cont.some((c) => (c & 0xc0) !== 0x80)) {
      out += "\uFFFD";
      i++;
      continue;
    }
    let cp = len === 1 ? b : b & (0xff >> (len + 1));
    for (const c of cont) cp = (cp << 6) | (c & 0x3f);
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}
