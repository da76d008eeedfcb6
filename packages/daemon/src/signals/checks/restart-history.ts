/** What a process check remembers between probes to count restarts. */
export type RestartHistory = {
  /** The pids of the last probe that found the process running. */
  readonly lastSeenPids: ReadonlySet<number>;
  /** When each counted restart was seen, oldest first, within the window. */
  readonly restartsAtMs: readonly number[];
};

/**
 * The history after a probe found `pids` at `nowMs`: each pid last seen gone and replaced by a new one is a
 * restart, also when probes in between found nothing running. Restarts older than `windowMs` are forgotten.
 * The first probe sets the baseline and counts nothing.
 */
export function observePids(
  history: RestartHistory | undefined,
  pids: ReadonlySet<number>,
  nowMs: number,
  windowMs: number,
): RestartHistory {
  const previous = history?.lastSeenPids ?? pids;
  const gone = [...previous].filter((pid) => !pids.has(pid)).length;
  const started = [...pids].filter((pid) => !previous.has(pid)).length;
  const restarts = pids.size === 0 ? 0 : Math.min(gone, started);
  const kept = (history?.restartsAtMs ?? []).filter((atMs) => atMs > nowMs - windowMs);
  return {
    lastSeenPids: pids.size === 0 ? previous : pids,
    restartsAtMs: [...kept, ...Array<number>(restarts).fill(nowMs)],
  };
}
