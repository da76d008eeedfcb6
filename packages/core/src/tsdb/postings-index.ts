import { type LabelMatcher, matchesValue } from "../promql/label-matcher.js";
import type { Labels } from "../promql/labels.js";

/**
 * One label value's series, refs ascending; `value` is the one copy of the string the store keeps. A
 * value of one series (instance, pod, path) holds its ref as is: an array for it would take 56 bytes.
 * Up to `SMALL_POSTING` refs are a JS array; more are the first `count` of a typed array grown by half,
 * 4 bytes a ref where a JS array of small integers takes 8 (a label every series carries, `job`, held
 * 0.8 MiB at 100k series), but some 200 bytes for the typed array itself, too much for a few refs.
 * Refs are below 2^32.
 */
type Posting = { readonly value: string; refs: number | number[] | Uint32Array; count: number };

const SMALL_POSTING = 64;
const NONE = new Uint32Array(0);

/**
 * Inverted index from label name and value to series refs (ascending, since refs only grow).
 * Its keys double as the store's string intern table: a value string lives once however many
 * series carry it, and goes when its last series does.
 */
export class PostingsIndex {
  readonly #byName = new Map<string, Map<string, Posting>>();

  /** Indexes a series; returns its label set rebuilt from interned strings. */
  add(ref: number, labels: Labels): Labels {
    const interned: Record<string, string> = {};
    for (const name of Object.keys(labels)) {
      const value = labels[name]!;
      let values = this.#byName.get(name);
      if (values === undefined) {
        values = new Map();
        this.#byName.set(name, values);
      }
      const posting = values.get(value);
      if (posting === undefined) {
        values.set(value, { value, refs: ref, count: 1 });
        interned[name] = value;
      } else {
        addRef(posting, ref);
        interned[name] = posting.value;
      }
    }
    return interned;
  }

  /** Removes series; `removed` must hold exactly the refs of these label sets. */
  remove(removed: ReadonlySet<number>, labelSets: Iterable<Labels>): void {
    for (const labels of labelSets) {
      for (const name of Object.keys(labels)) {
        const values = this.#byName.get(name);
        const posting = values?.get(labels[name]!);
        if (values === undefined || posting === undefined) continue;
        removeRefs(posting, removed);
        if (posting.count > 0) continue;
        values.delete(posting.value);
        if (values.size === 0) this.#byName.delete(name);
      }
    }
  }

  /**
   * Refs, ascending, of series whose labels could satisfy every matcher that rejects the empty
   * string; `undefined` when there is no such matcher (then every series is a candidate). Matchers
   * that accept "" (`foo=""`, `foo!="bar"`, `foo=~".*"`) also match series without the label,
   * so the caller checks those on each candidate.
   */
  candidates(matchers: readonly LabelMatcher[]): Uint32Array | undefined {
    const lists: Uint32Array[] = [];
    for (const matcher of matchers) {
      if (matchesValue(matcher, "")) continue;
      const refs = this.#postingsFor(matcher);
      if (refs.length === 0) return refs;
      lists.push(refs);
    }
    if (lists.length === 0) return undefined;
    // Shortest first: each intersection then costs about the length of the shorter list.
    lists.sort((a, b) => a.length - b.length);
    let result = lists[0]!;
    for (let i = 1; i < lists.length && result.length > 0; i++) result = intersect(result, lists[i]!);
    return result;
  }

  labelNames(): string[] {
    return [...this.#byName.keys()].sort();
  }

  labelValues(name: string): string[] {
    return [...(this.#byName.get(name)?.keys() ?? [])].sort();
  }

  #postingsFor(matcher: LabelMatcher): Uint32Array {
    const values = this.#byName.get(matcher.name);
    if (values === undefined) return NONE;
    if (matcher.type === "=") {
      const posting = values.get(matcher.value);
      return posting === undefined ? NONE : refsOf(posting);
    }
    const matching: Posting[] = [];
    for (const posting of values.values()) {
      if (matchesValue(matcher, posting.value)) matching.push(posting);
    }
    return union(matching);
  }
}

function refsOf(posting: Posting): Uint32Array {
  const { refs } = posting;
  if (typeof refs === "number") return Uint32Array.of(refs);
  return Array.isArray(refs) ? Uint32Array.from(refs) : refs.subarray(0, posting.count);
}

function addRef(posting: Posting, ref: number): void {
  const refs = posting.refs;
  if (typeof refs === "number") posting.refs = [refs, ref];
  else if (Array.isArray(refs) && refs.length < SMALL_POSTING) refs.push(ref);
  else if (Array.isArray(refs) || posting.count === refs.length) {
    const grown = new Uint32Array(posting.count + (posting.count >>> 1));
    grown.set(refs);
    grown[posting.count] = ref;
    posting.refs = grown;
  } else refs[posting.count] = ref;
  posting.count++;
}

/** Drops the removed refs, keeping the rest in order; a posting left with one ref holds it as is. */
function removeRefs(posting: Posting, removed: ReadonlySet<number>): void {
  const { refs } = posting;
  if (typeof refs === "number") {
    if (removed.has(refs)) posting.count = 0;
    return;
  }
  let kept = 0;
  for (let i = 0; i < posting.count; i++) {
    const ref = refs[i]!;
    if (!removed.has(ref)) refs[kept++] = ref;
  }
  posting.count = kept;
  if (Array.isArray(refs)) refs.length = kept;
  if (kept === 1) posting.refs = refs[0]!;
  // A typed array shrunk to a quarter: the slack goes too.
  else if (!Array.isArray(refs) && kept > 1 && kept < refs.length >>> 2)
    posting.refs = refs.slice(0, kept + (kept >>> 1));
}

function union(postings: readonly Posting[]): Uint32Array {
  if (postings.length === 0) return NONE;
  if (postings.length === 1) return refsOf(postings[0]!);
  let total = 0;
  for (const { count } of postings) total += count;
  // A series has one value per label name, so the lists are disjoint: sorting suffices.
  const merged = new Uint32Array(total);
  let at = 0;
  for (const { refs, count } of postings) {
    if (typeof refs === "number") merged[at] = refs;
    else if (Array.isArray(refs)) merged.set(refs, at);
    else merged.set(refs.subarray(0, count), at);
    at += count;
  }
  return merged.sort();
}

/** Refs in both ascending lists; `b` is searched by galloping, so a long `b` costs little. */
function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let count = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i]!;
    if (b[j]! < x) {
      // Double the step until b passes x, then binary-search the last stretch.
      let lo = j + 1;
      let step = 1;
      while (lo + step < b.length && b[lo + step]! < x) {
        lo += step;
        step *= 2;
      }
      let hi = Math.min(lo + step, b.length);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
    }
    if (b[j] === x) {
      out[count++] = x;
      j++;
    }
  }
  return out.subarray(0, count);
}
