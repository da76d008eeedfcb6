import type { ApiResult, OrbtApiError } from "@orbt/sdk";
import { useEffect, useState } from "react";
import type { TuiClient } from "./tui-ports.js";

export type PolledResult<T> = { readonly value: T | null; readonly error: OrbtApiError | null };

/**
 * What `read` gets from the daemon, read at once and every `pollMs` while `isActive`: for what lives
 * behind REST, not in the stream. `read` is a module-level function, so the polling restarts only when
 * the client or `isActive` changes.
 */
export function usePolledResult<T>(
  read: (client: TuiClient) => Promise<ApiResult<T>>,
  client: TuiClient,
  isActive: boolean,
  pollMs: number,
): PolledResult<T> {
  const [result, setResult] = useState<PolledResult<T>>({ value: null, error: null });
  useEffect(() => {
    if (!isActive) return;
    let isCurrent = true;
    const poll = () =>
      read(client).then((answer) => {
        if (!isCurrent) return;
        setResult(answer.ok ? { value: answer.value, error: null } : { value: null, error: answer.error });
      });
    void poll();
    const timer = setInterval(poll, pollMs);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [read, client, isActive, pollMs]);
  return result;
}
