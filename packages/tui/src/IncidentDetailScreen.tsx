import type { Action, Incident } from "@orbt/core";
import { Box, Text } from "ink";
import { describePhase } from "./describe-phase.js";
import { formatClock } from "./format-clock.js";
import { StatusBadge } from "./StatusBadge.js";
import { TableRow } from "./TableRow.js";

type Props = { readonly incident: Incident | undefined };

const OUTCOME_COLOURS: Record<Action["outcome"], string> = {
  running: "cyan",
  succeeded: "green",
  failed: "red",
  timed_out: "red",
  interrupted: "yellow",
  cancelled: "gray",
  would_run: "yellow",
};

/** The latest entries; the first ones matter less once an incident has run a while. */
const TIMELINE_ROWS = 15;
const ACTION_WIDTHS = { strike: 8, solution: 24, outcome: 11, exit: 7, duration: 9, verify: 15 };

export function IncidentDetailScreen({ incident }: Props) {
  if (incident === undefined) return <Text dimColor>Select an incident on screen 2 and press enter.</Text>;
  const hiddenCount = Math.max(0, incident.timeline.length - TIMELINE_ROWS);
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>{incident.id} </Text>
        <StatusBadge status={incident.status} />
        <Text>
          {" "}
          {incident.service} · {incident.pattern}/{incident.symptom} · {describePhase(incident)} · strike{" "}
          {incident.strike}
        </Text>
      </Box>
      <Text dimColor>
        opened {formatClock(incident.openedAt)}
        {incident.acknowledgedBy === null
          ? " · not acknowledged"
          : ` · acknowledged by ${incident.acknowledgedBy}`}
        {incident.resolution === null ? "" : ` · resolution ${incident.resolution}`}
      </Text>
      {incident.state === "open" && incident.phase.kind === "awaiting_approval" ? (
        <Text color="yellow">
          awaits approval to run {incident.phase.solution} (strike {incident.strike}) since{" "}
          {formatClock(incident.phase.since)} · A approve · D deny
        </Text>
      ) : null}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Actions</Text>
        {incident.actions.length === 0 ? <Text dimColor> none</Text> : null}
        {incident.actions.map((action) => (
          <Box key={action.actionId} flexDirection="column">
            <TableRow
              cells={[
                { content: `strike ${action.strike}`, width: ACTION_WIDTHS.strike },
                { content: action.solution, width: ACTION_WIDTHS.solution },
                {
                  content: action.outcome,
                  width: ACTION_WIDTHS.outcome,
                  color: OUTCOME_COLOURS[action.outcome],
                },
                {
                  content: action.exitCode === null ? "-" : `exit ${action.exitCode}`,
                  width: ACTION_WIDTHS.exit,
                },
                {
                  content: action.durationMs === null ? "-" : `${action.durationMs} ms`,
                  width: ACTION_WIDTHS.duration,
                },
                { content: `verify ${action.verify ?? "-"}`, width: ACTION_WIDTHS.verify },
              ]}
            />
            <Text dimColor>
              {"    "}
              {action.dprId}
            </Text>
          </Box>
        ))}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Timeline</Text>
        {hiddenCount > 0 ? <Text dimColor>{`… ${hiddenCount} earlier entries`}</Text> : null}
        {incident.timeline.slice(hiddenCount).map((entry, index) => (
          // Entries are append-only, so the index is stable.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Text key={hiddenCount + index}>
            <Text dimColor>{formatClock(entry.at)}</Text> <Text color="cyan">{entry.kind.padEnd(18)}</Text>
            {entry.message}
            {entry.dprId === undefined ? "" : <Text dimColor> [{entry.dprId}]</Text>}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
