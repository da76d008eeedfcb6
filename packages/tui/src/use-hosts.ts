import type { HostView, IncidentSummary, OrbtApiError } from "@orbt/sdk";
import { useEffect, useState } from "react";
import type { TuiClient } from "./tui-ports.js";

export type HostsView = {
  readonly hosts: readonly HostView[] | null;
  /** The incidents of the host the screen filters by, newest first. */
  readonly incidents: readonly IncidentSummary[];
  readonly error: OrbtApiError | null;
};

/** How often the Hosts screen reads the fleet again: hosts report through REST, not this stream. */
const REFRESH_MS = 2_000;
const INCIDENTS_SHOWN = 20;

/** The daemon's hosts, and the incidents of `host` (the first host when unset), while the screen is shown. */
export function useHosts(client: TuiClient, isActive: boolean, host: string | undefined): HostsView {
  const [view, setView] = useState<HostsView>({ hosts: null, incidents: [], error: null });
  useEffect(() => {
    if (!isActive) return;
    let isCurrent = true;
    const load = async () => {
      const hosts = await client.listHosts();
      if (!isCurrent) return;
      if (!hosts.ok) {
        setView({ hosts: null, incidents: [], error: hosts.error });
        return;
      }
      const shown = host ?? hosts.value[0]?.host;
      const incidents =
        shown === undefined ? undefined : await client.listIncidents({ host: shown, limit: INCIDENTS_SHOWN });
      if (!isCurrent) return;
      if (incidents !== undefined && !incidents.ok) {
        setView({ hosts: hosts.value, incidents: [], error: incidents.error });
        return;
      }
      setView({ hosts: hosts.value, incidents: incidents?.value ?? [], error: null });
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [client, isActive, host]);
  return view;
}
