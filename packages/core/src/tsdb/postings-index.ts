import { type LabelMatcher, matchesValue } from "../promql/label-matcher.js";
import type { Labels } from "../promql/labels.js";

/**
 * One label value's series, refs ascending; `value` is the one copy of the string the store keeps. A
 * value of one series (instance, pod, path) holds its ref as is: an array for it would take 56 bytes.
 */
type Posting = { readonly value: string; refs: number | number[] };

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
        values.set(value, { value, refs: ref });
        interned[name] = value;
      } else {
        if (typeof posting.refs === "number") posting.refs = [posting.refs, ref];
        else posting.refs.push(ref);
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
        const refs = refsOf(posting).filter((ref) => !removed.has(ref));
        posting.refs = refs.length === 1 ? refs[0]! : refs;
        if (refs.length > 0) continue;
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
  candidates(matchers: readonly LabelMatcher[]): readonly number[] | undefined {
    const lists: (readonly number[])[] = [];
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

  #postingsFor(matcher: LabelMatcher): readonly number[] {
    const values = this.#byName.get(matcher.name);
    if (values === undefined) return [];
    if (matcher.type === "=") {
      const posting = values.get(matcher.value);
      return posting === undefined ? [] : refsOf(posting);
    }
    const matching: Posting[] = [];
    for (const posting of values.values()) {
      if (matchesValue(matcher, posting.value)) matching.push(posting);
    }
    return union(matching);
  }
}

function refsOf(posting: Posting): readonly number[] {
  return typeof posting.refs === "number" ? [posting.refs] : posting.refs;
}

function union(postings: readonly Posting[]): readonly number[] {
  if (postings.length === 0) return [];
  if (postings.length === 1) return refsOf(postings[0]!);
  let total = 0;
  for (const { refs } of postings) total += typeof refs === "number" ? 1 : refs.length;
  // A series has one value per label name, so the lists are disjoint: sorting suffices.
  const merged = new Float64Array(total);
  let at = 0;
  for (const { refs } of postings) {
    if (typeof refs === "number") merged[at++] = refs;
    else {
      merged.set(refs, at);
      at += refs.length;
    }
  }
  return Array.from(merged.sort());
}

/** Refs in both ascending lists; `b` is searched by galloping, so a long `b` costs little. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
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
      out.push(x);
      j++;
    }
  }
  return out;
}
