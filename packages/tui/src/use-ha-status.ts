import type { HaStatus } from "@orbt/sdk";
import type { TuiClient } from "./tui-ports.js";
import { usePolledResult } from "./use-polled-result.js";

/** How often who leads is read: it lives behind REST (`GET /api/v1/status`), not in the stream. */
export const HA_POLL_MS = 5_000;

const readStatus = (client: TuiClient) => client.getStatus();

/** This daemon's place in an HA pair, read at once and every `HA_POLL_MS`; null for a daemon on its own. */
export function useHaStatus(client: TuiClient): HaStatus | null {
  return usePolledResult(readStatus, client, true, HA_POLL_MS).value?.ha ?? null;
}
