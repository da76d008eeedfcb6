/** OTLP nanoseconds since the epoch, as whole milliseconds. */
export function nanosToMs(nanos: bigint): number {
  return Number(nanos / 1_000_000n);
}
