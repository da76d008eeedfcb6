import type { Incident } from "@orbt/core";
import { Box, Text } from "ink";
import { describePhase } from "./describe-phase.js";
import { formatClock } from "./format-clock.js";
import { StatusBadge } from "./StatusBadge.js";
import { TableRow } from "./TableRow.js";
import { computeVisibleWindow } from "./visible-window.js";

type Props = { readonly incidents: readonly Incident[]; readonly selectedId: string | undefined };

const VISIBLE_ROWS = 20;
const WIDTHS = { id: 8, service: 14, pattern: 20, state: 18, status: 7, strike: 6, opened: 9, ack: 12 };

export function IncidentsScreen({ incidents, selectedId }: Props) {
  if (incidents.length === 0) return <Text dimColor>No incidents. Everything is GREEN.</Text>;
  const focus = Math.max(
    0,
    incidents.findIndex((incident) => incident.id === selectedId),
  );
  const { start, end } = computeVisibleWindow(incidents.length, focus, VISIBLE_ROWS);
  return (
    <Box flexDirection="column">
      <TableRow
        isHeader
        cells={[
          { content: "ID", width: WIDTHS.id },
          { content: "SERVICE", width: WIDTHS.service },
          { content: "PATTERN", width: WIDTHS.pattern },
          { content: "STATE", width: WIDTHS.state },
          { content: "STATUS", width: WIDTHS.status },
          { content: "STRIKE", width: WIDTHS.strike },
          { content: "OPENED", width: WIDTHS.opened },
          { content: "ACK", width: WIDTHS.ack },
        ]}
      />
      {start > 0 ? <Text dimColor>{`  ↑ ${start} more`}</Text> : null}
      {incidents.slice(start, end).map((incident) => (
        <TableRow
          key={incident.id}
          isSelected={incident.id === selectedId}
          cells={[
            { content: incident.id, width: WIDTHS.id },
            { content: incident.service, width: WIDTHS.service },
            { content: incident.pattern, width: WIDTHS.pattern },
            { content: describePhase(incident), width: WIDTHS.state },
            { content: <StatusBadge status={incident.status} />, width: WIDTHS.status },
            { content: String(incident.strike), width: WIDTHS.strike },
            { content: formatClock(incident.openedAt), width: WIDTHS.opened },
            { content: incident.acknowledgedBy ?? "-", width: WIDTHS.ack },
          ]}
        />
      ))}
      {end < incidents.length ? <Text dimColor>{`  ↓ ${incidents.length - end} more`}</Text> : null}
    </Box>
  );
}
