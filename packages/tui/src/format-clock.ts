/** `HH:MM:SS` in UTC, the daemon's clock. */
export function formatClock(atMs: number): string {
  return new Date(atMs).toISOString().slice(11, 19);
}
