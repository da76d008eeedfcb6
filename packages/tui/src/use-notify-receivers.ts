import type { NotifyReceiverView, OrbtApiError } from "@orbt/sdk";
import type { TuiClient } from "./tui-ports.js";
import { usePolledResult } from "./use-polled-result.js";

export type NotifyReceiversView = {
  readonly receivers: readonly NotifyReceiverView[] | null;
  readonly error: OrbtApiError | null;
};

/** How often the receivers' state is read while shown: it lives behind REST, not in the stream. */
export const NOTIFY_POLL_MS = 5_000;

const listReceivers = (client: TuiClient) => client.listNotifyReceivers();

/** The notification receivers, read at once and every `NOTIFY_POLL_MS` while `isActive`. */
export function useNotifyReceivers(client: TuiClient, isActive: boolean): NotifyReceiversView {
  const { value, error } = usePolledResult(listReceivers, client, isActive, NOTIFY_POLL_MS);
  return { receivers: value, error };
}
