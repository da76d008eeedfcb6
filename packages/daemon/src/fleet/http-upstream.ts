import { HostBatchResponse, type HostMessage } from "@orbt/core";
import { describeFetchFailure } from "../act/fetch-failure.js";
import type { SendOutcome, UpstreamTransport } from "./upstream-transport.js";

export const UPSTREAM_BATCHES_PATH = "/api/v1/upstream/batches";
const REQUEST_TIMEOUT_MS = 10_000;
// Under the central daemon's 1 MiB request body limit.
const MAX_BATCH_BYTES = 768 * 1024;

/** The batch body of the longest prefix of `messages` that stays under the limit; at least one message. */
function fitBatch(host: string, messages: readonly HostMessage[]): string {
  const parts: string[] = [];
  let bytes = 0;
  for (const message of messages) {
    const part = JSON.stringify(message);
    bytes += Buffer.byteLength(part) + 1;
    if (parts.length > 0 && bytes > MAX_BATCH_BYTES) break;
    parts.push(part);
  }
  return `{"host":${JSON.stringify(host)},"messages":[${parts.join(",")}]}`;
}

/** `upstream: { url, token }`: batches POSTed to the central daemon's API, applied before it answers. */
export function httpUpstream(url: string, token: string | null): UpstreamTransport {
  const endpoint = new URL(UPSTREAM_BATCHES_PATH, url).href;
  return {
    async send(host, messages): Promise<SendOutcome> {
      try {
        const response = await fetch(endpoint, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          },
          body: fitBatch(host, messages),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await response.text();
        if (!response.ok) return { ok: false, error: `HTTP ${response.status}: ${text.slice(0, 200)}` };
        const parsed = HostBatchResponse.safeParse(JSON.parse(text));
        if (!parsed.success) return { ok: false, error: `unexpected answer: ${parsed.error.message}` };
        return { ok: true, appliedThrough: parsed.data.appliedThrough };
      } catch (err) {
        // The socket's or DNS's own words (ECONNREFUSED, ENOTFOUND), not undici's "fetch failed".
        return { ok: false, error: `${endpoint}: ${describeFetchFailure(err).message}` };
      }
    },
    close: async () => undefined,
  };
}
