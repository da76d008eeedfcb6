/** Why a scrape failed; any of these sets `up` to 0 and marks the target's previous series stale. */
export type ScrapeError = {
  readonly code:
    | "fetch_failed"
    | "timeout"
    | "http_status"
    | "body_size_limit"
    | "sample_limit"
    | "parse"
    | "aborted";
  readonly message: string;
};
