import type { EscalationView, OrbtApiError } from "@orbt/sdk";
import { useEffect, useState } from "react";
import type { TuiClient } from "./tui-ports.js";

export type EscalationsView = {
  readonly escalations: readonly EscalationView[] | null;
  readonly error: OrbtApiError | null;
};

/**
 * Escalation reports live only behind REST, so they are fetched while the screen is shown
 * and again whenever `revision` (the stream's escalation count) moves.
 */
export function useEscalations(client: TuiClient, isActive: boolean, revision: number): EscalationsView {
  const [view, setView] = useState<EscalationsView>({ escalations: null, error: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `revision` is the refetch trigger, unread on purpose
  useEffect(() => {
    if (!isActive) return;
    let isCurrent = true;
    client.listEscalations().then((result) => {
      if (!isCurrent) return;
      setView(
        result.ok ? { escalations: result.value, error: null } : { escalations: null, error: result.error },
      );
    });
    return () => {
      isCurrent = false;
    };
  }, [client, isActive, revision]);
  return view;
}
