import type { DashboardFigures, DrillSummary, OrbtApiError } from "@orbt/sdk";
import { useEffect, useState } from "react";
import type { TuiClient } from "./tui-ports.js";

export type DashboardReportView = {
  readonly figures: DashboardFigures | null;
  /** The production readiness score the report gives as its handoff readiness; null when not assessed. */
  readonly readiness: number | null;
  /** The quality-control drills of the window; null when not read. */
  readonly drills: DrillSummary | null;
  readonly error: OrbtApiError | null;
};

/** The window the Overview's figures cover. */
export const DASHBOARD_WINDOW = "24h";
/** Figures such as uptime change with time alone, so they are read again even when no event comes. */
export const DASHBOARD_POLL_MS = 10_000;

/**
 * The dashboard figures of the daemon's current report over `DASHBOARD_WINDOW`, read while `isActive`:
 * at once, on every new stream event (`seq`), and every `DASHBOARD_POLL_MS`.
 */
export function useDashboardReport(client: TuiClient, isActive: boolean, seq: number): DashboardReportView {
  const [view, setView] = useState<DashboardReportView>({
    figures: null,
    readiness: null,
    drills: null,
    error: null,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `seq` is the refetch trigger, unread on purpose
  useEffect(() => {
    if (!isActive) return;
    let isCurrent = true;
    const read = () =>
      client.getCurrentReport({ window: DASHBOARD_WINDOW }).then((result) => {
        if (!isCurrent) return;
        setView(
          result.ok
            ? {
                figures: result.value.dashboard,
                readiness: result.value.handoff_readiness,
                drills: result.value.quality_control,
                error: null,
              }
            : { figures: null, readiness: null, drills: null, error: result.error },
        );
      });
    void read();
    const timer = setInterval(read, DASHBOARD_POLL_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [client, isActive, seq]);
  return view;
}
