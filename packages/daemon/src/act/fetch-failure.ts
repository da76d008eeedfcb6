/**
 * What went wrong in a failed HTTP request: node:http's error carries an errno-style code itself, a rejected
 * `fetch` hides it in `cause`.
 */
export type FetchFailure = { readonly code: string; readonly message: string };

export function describeFetchFailure(err: unknown): FetchFailure {
  // undici rejects with a generic TypeError("fetch failed") whose cause holds the socket or DNS error.
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = readErrorCode(cause) ?? readErrorCode(err) ?? "FETCH_FAILED";
  const message = cause instanceof Error && cause.message !== "" ? cause.message : code;
  return { code, message };
}

function readErrorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  return typeof err.code === "string" ? err.code : undefined;
}
