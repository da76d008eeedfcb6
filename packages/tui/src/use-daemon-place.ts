import type { HaStatus, UpstreamStatus } from "@orbt/sdk";
import type { TuiClient } from "./tui-ports.js";
import { usePolledResult } from "./use-polled-result.js";

/** How often the daemon's place is read: it lives behind REST (`GET /api/v1/status`), not in the stream. */
export const DAEMON_STATUS_POLL_MS = 5_000;

const readStatus = (client: TuiClient) => client.getStatus();

export type DaemonPlace = {
  /** Its place in an HA pair; null for a daemon on its own. */
  readonly ha: HaStatus | null;
  /** Its reporting to a central daemon; null for a daemon without `upstream:`. */
  readonly upstream: UpstreamStatus | null;
};

/** Where this daemon stands among others, read at once and every `DAEMON_STATUS_POLL_MS`. */
export function useDaemonPlace(client: TuiClient): DaemonPlace {
  const status = usePolledResult(readStatus, client, true, DAEMON_STATUS_POLL_MS).value;
  return { ha: status?.ha ?? null, upstream: status?.upstream ?? null };
}
