import type { ReadinessAssessment } from "@orbt/core";
import type { OrbtApiError } from "@orbt/sdk";
import { useEffect, useState } from "react";
import type { TuiClient } from "./tui-ports.js";

export type ReadinessView = {
  readonly assessment: ReadinessAssessment | null;
  readonly error: OrbtApiError | null;
};

/**
 * The daemon assesses readiness when asked (a handshake per tls check, the rule tests), and facts such as
 * a backup's age change with time alone, so it is read while the screen is shown and every 30 s.
 */
export const READINESS_POLL_MS = 30_000;

export function useReadiness(client: TuiClient, isActive: boolean): ReadinessView {
  const [view, setView] = useState<ReadinessView>({ assessment: null, error: null });
  useEffect(() => {
    if (!isActive) return;
    let isCurrent = true;
    const read = () =>
      client.getReadiness().then((result) => {
        if (!isCurrent) return;
        setView(
          result.ok ? { assessment: result.value, error: null } : { assessment: null, error: result.error },
        );
      });
    void read();
    const timer = setInterval(read, READINESS_POLL_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [client, isActive]);
  return view;
}
