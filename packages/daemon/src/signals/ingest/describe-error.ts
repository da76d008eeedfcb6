/** The message of whatever a decoding library threw, for an error value's `message`. */
export function describeError(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
