import { summarizeAutomation } from "@orbt/core";
import { Box, Text, useApp, useInput } from "ink";
import { useRef, useState } from "react";
import { EscalationsScreen } from "./EscalationsScreen.js";
import { HaLine } from "./HaLine.js";
import { HostsScreen } from "./HostsScreen.js";
import { IncidentDetailScreen } from "./IncidentDetailScreen.js";
import { IncidentsScreen } from "./IncidentsScreen.js";
import { KnowledgeScreen } from "./KnowledgeScreen.js";
import { NotifyLine } from "./NotifyLine.js";
import { navigate, START_NAVIGATION, selectIncident } from "./navigate.js";
import { OverviewScreen } from "./OverviewScreen.js";
import { ReadinessScreen } from "./ReadinessScreen.js";
import { SilencesScreen } from "./SilencesScreen.js";
import { StatusLine } from "./StatusLine.js";
import { StoreLine } from "./StoreLine.js";
import { sortIncidents } from "./sort-incidents.js";
import { TabBar } from "./TabBar.js";
import type { TuiClient, TuiStream } from "./tui-ports.js";
import { UpstreamLine } from "./UpstreamLine.js";
import { useDaemonPlace } from "./use-daemon-place.js";
import { useDashboardReport } from "./use-dashboard-report.js";
import { useEscalations } from "./use-escalations.js";
import { useHosts } from "./use-hosts.js";
import { useNotifyReceivers } from "./use-notify-receivers.js";
import { useOperatorActions } from "./use-operator-actions.js";
import { usePolledResult } from "./use-polled-result.js";
import { useReadiness } from "./use-readiness.js";
import { useStreamView } from "./use-stream-view.js";

export type AppProps = {
  readonly client: TuiClient;
  readonly stream: TuiStream;
  /** Sent as `by` with ack and resolve; the daemon's default when absent. */
  readonly operator?: string;
};

/** The store's status changes with checkpoints, every 1,000 rows or so: read while the overview shows. */
const STORE_POLL_MS = 10_000;

const readStoreStatus = (client: TuiClient) => client.getStoreStatus();

export function App({ client, stream, operator }: AppProps) {
  const { exit } = useApp();
  const { state, history, seq, status, problem } = useStreamView(stream);
  const [navigation, setNavigation] = useState(START_NAVIGATION);
  const actions = useOperatorActions(client, operator);

  const incidents = state === null || history === null ? [] : sortIncidents(state, history);
  const selected = selectIncident(navigation, incidents);
  const escalationCount = history?.counts.escalated ?? 0;
  const escalations = useEscalations(client, navigation.screen === "escalations", escalationCount);
  const notifyReceivers = useNotifyReceivers(client, navigation.screen === "overview");
  const dashboard = useDashboardReport(client, navigation.screen === "overview", seq ?? 0);
  const readiness = useReadiness(client, navigation.screen === "readiness");
  const [host, setHost] = useState<string | undefined>(undefined);
  const hosts = useHosts(client, navigation.screen === "hosts", host);
  const { ha, upstream } = useDaemonPlace(client);
  const store = usePolledResult(readStoreStatus, client, navigation.screen === "overview", STORE_POLL_MS);

  // Keys can arrive faster than React re-renders, so input reads the latest values, not this render's.
  const latest = useRef({ navigation, incidents, isPaused: false });
  latest.current.incidents = incidents;
  latest.current.isPaused = state?.automation.isPaused ?? false;
  useInput((input, key) => {
    const stepped = navigate(latest.current.navigation, { ...key, input }, latest.current.incidents);
    latest.current.navigation = stepped.navigation;
    setNavigation(stepped.navigation);
    const command = stepped.command;
    if (command?.type === "quit") exit();
    if (command?.type === "acknowledge") actions.acknowledge(command.incidentId);
    if (command?.type === "resolve") actions.resolve(command.incidentId);
    if (command?.type === "approve") actions.approve(command.incidentId);
    if (command?.type === "deny") actions.deny(command.incidentId);
    if (command?.type === "toggle_automation") actions.toggleAutomation(latest.current.isPaused);
  });

  const { screen } = navigation;
  return (
    <Box flexDirection="column">
      <TabBar screen={screen} project={state?.settings.project} />
      {state === null || history === null ? (
        <Text dimColor>waiting for the daemon's snapshot…</Text>
      ) : (
        <>
          {screen === "overview" ? (
            <>
              <OverviewScreen state={state} dashboard={dashboard} />
              <NotifyLine view={notifyReceivers} />
              <StoreLine view={store} />
            </>
          ) : null}
          {screen === "incidents" ? (
            <IncidentsScreen incidents={incidents} selectedId={selected?.id} />
          ) : null}
          {screen === "detail" ? <IncidentDetailScreen incident={selected} /> : null}
          {screen === "escalations" ? <EscalationsScreen view={escalations} /> : null}
          {screen === "knowledge" ? <KnowledgeScreen state={state} /> : null}
          {screen === "silences" ? <SilencesScreen state={state} /> : null}
          {screen === "readiness" ? <ReadinessScreen view={readiness} /> : null}
          {screen === "hosts" ? <HostsScreen view={hosts} host={host} onChooseHost={setHost} /> : null}
        </>
      )}
      {ha === null ? null : <HaLine ha={ha} />}
      {upstream === null ? null : <UpstreamLine upstream={upstream} />}
      <StatusLine
        status={status}
        seq={seq}
        problem={problem}
        notice={actions.notice}
        automation={state === null ? null : summarizeAutomation(state)}
      />
    </Box>
  );
}
