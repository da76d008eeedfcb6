/** The keys of each record `withEntries` made, in order: states are never changed in place. */
const KEYS = new WeakMap<object, readonly string[]>();

function keysOf(record: object): readonly string[] {
  return KEYS.get(record) ?? Object.keys(record);
}

/**
 * `record` with `changes` written over it, a change to undefined removing its key; keys keep their order,
 * new ones last, as a spread would leave them. A loop over keys known from the last copy rather than a
 * spread: V8 copies a record of thousands of keys (kept as a dictionary) several times faster so, without
 * listing its keys each time, and a step copies the live incidents for each incident it changes.
 */
export function withEntries<T>(
  record: Readonly<Record<string, T>>,
  changes: Readonly<Record<string, T | undefined>>,
): Record<string, T> {
  const changed = Object.keys(changes);
  const removed = changed.filter((key) => changes[key] === undefined && Object.hasOwn(record, key));
  const added = changed.filter((key) => changes[key] !== undefined && !Object.hasOwn(record, key));
  const known = keysOf(record);
  const kept = removed.length === 0 ? known : known.filter((key) => !removed.includes(key));
  const keys = added.length === 0 ? kept : [...kept, ...added];
  const copy: Record<string, T> = {};
  // New keys take their place in this pass, their values in the next.
  for (const key of keys) copy[key] = record[key]!;
  for (const key of changed) if (changes[key] !== undefined) copy[key] = changes[key];
  KEYS.set(copy, keys);
  return copy;
}
