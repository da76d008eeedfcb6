/**
 * Polls `probe` every 100ms until it returns a value other than undefined, and resolves with it. A
 * probe that throws is tried again (a daemon may not listen yet); after `timeoutMs` this throws,
 * naming `what` and the last error.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs}ms waiting for ${what}${last === undefined ? "" : `: ${String(last)}`}`,
  );
}
