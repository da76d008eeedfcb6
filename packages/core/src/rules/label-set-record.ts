/**
 * An empty record for keys that are label-set keys. Made without a prototype, V8 keeps it a hash
 * table from the start; a literal `{}` would get a new hidden class for every distinct key added,
 * which made alert and written-series bookkeeping one of the costliest parts of a round.
 */
export function labelSetRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
