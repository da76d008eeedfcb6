import { Box, Text, useInput } from "ink";
import { formatClock } from "./format-clock.js";
import { TableRow } from "./TableRow.js";
import type { HostsView } from "./use-hosts.js";

const STATUS_COLOURS: Record<string, string> = { GREEN: "green", YELLOW: "yellow", RED: "red" };

type Props = {
  readonly view: HostsView;
  /** The host whose incidents are listed: the filter, moved with j/k. */
  readonly host: string | undefined;
  readonly onChooseHost: (host: string) => void;
};

/** Every host reporting to this daemon, one row each, and the incidents of the host chosen with j/k. */
export function HostsScreen({ view, host, onChooseHost }: Props) {
  const hosts = view.hosts ?? [];
  const chosen = hosts.find((each) => each.host === host) ?? hosts[0];
  useInput((input, key) => {
    const move = input === "j" || key.downArrow ? 1 : input === "k" || key.upArrow ? -1 : 0;
    if (move === 0 || chosen === undefined) return;
    const index = Math.min(hosts.length - 1, Math.max(0, hosts.indexOf(chosen) + move));
    const next = hosts[index];
    if (next !== undefined) onChooseHost(next.host);
  });

  if (view.error !== null) {
    return (
      <Text color="red">
        cannot load hosts: {view.error.code}: {view.error.message}
      </Text>
    );
  }
  if (view.hosts === null || chosen === undefined) return <Text dimColor>loading hosts…</Text>;
  return (
    <Box flexDirection="column">
      <TableRow
        isHeader
        cells={[
          { content: "HOST", width: 24 },
          { content: "SEEN", width: 9 },
          { content: "SEQ", width: 8 },
          { content: "OPEN", width: 5 },
          { content: "SERVICES", width: 40 },
        ]}
      />
      {hosts.map((each) => (
        <TableRow
          key={each.host}
          isSelected={each === chosen}
          cells={[
            { content: each.isLocal ? `${each.host} (this daemon)` : each.host, width: 24 },
            { content: formatClock(each.lastSeenAt), width: 9 },
            { content: String(each.lastSeq), width: 8 },
            {
              content: String(each.openIncidents),
              width: 5,
              color: each.openIncidents > 0 ? "red" : "green",
            },
            {
              content: (
                <Text wrap="truncate-end">
                  {each.services.map((service) => (
                    <Text key={service.name} color={STATUS_COLOURS[service.status] ?? "white"}>
                      {service.name}{" "}
                    </Text>
                  ))}
                </Text>
              ),
              width: 40,
            },
          ]}
        />
      ))}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Incidents of {chosen.host}</Text>
        {view.incidents.length === 0 ? <Text dimColor>none</Text> : null}
        {view.incidents.map((incident) => (
          <TableRow
            key={incident.id}
            cells={[
              { content: incident.id, width: 14 },
              { content: incident.service, width: 16 },
              { content: incident.state, width: 10 },
              { content: incident.status, width: 7, color: STATUS_COLOURS[incident.status] ?? "white" },
              { content: formatClock(incident.openedAt), width: 9 },
            ]}
          />
        ))}
      </Box>
      <Text dimColor>j/k choose the host whose incidents are listed</Text>
    </Box>
  );
}
