import type { NotifyReceiverView, OrbtApiError } from "@orbt/sdk";
import { useEffect, useState } from "react";
import type { TuiClient } from "./tui-ports.js";

export type NotifyReceiversView = {
  readonly receivers: readonly NotifyReceiverView[] | null;
  readonly error: OrbtApiError | null;
};

/** How often the receivers' state is read while shown: it lives behind REST, not in the stream. */
export const NOTIFY_POLL_MS = 5_000;

/** The notification receivers, read at once and every `NOTIFY_POLL_MS` while `isActive`. */
export function useNotifyReceivers(client: TuiClient, isActive: boolean): NotifyReceiversView {
  const [view, setView] = useState<NotifyReceiversView>({ receivers: null, error: null });
  useEffect(() => {
    if (!isActive) return;
    let isCurrent = true;
    const read = () =>
      client.listNotifyReceivers().then((result) => {
        if (!isCurrent) return;
        setView(
          result.ok ? { receivers: result.value, error: null } : { receivers: null, error: result.error },
        );
      });
    void read();
    const timer = setInterval(read, NOTIFY_POLL_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [client, isActive]);
  return view;
}
