import { Box, Text, useInput, useStdout } from "ink";
import { useRef, useState } from "react";
import { type EscalationCursor, moveCursor, START_CURSOR } from "./escalation-cursor.js";
import { formatClock } from "./format-clock.js";
import { type ReportLine, reportLines } from "./report-lines.js";
import type { EscalationsView } from "./use-escalations.js";
import { computeVisibleWindow } from "./visible-window.js";

const URGENCY_COLOURS: Record<string, string> = {
  critical: "red",
  high: "red",
  medium: "yellow",
  low: "green",
};

const TONE_STYLES: Record<
  NonNullable<ReportLine["tone"]>,
  { bold?: boolean; dimColor?: boolean; color?: string }
> = {
  heading: { bold: true },
  dim: { dimColor: true },
  alert: { color: "red" },
};

/** Escalations listed above the report; more scroll with the choice. */
const LIST_ROWS = 5;
/** The tab bar, the list's frame, the report's footer and the status line. */
const CHROME_ROWS = 10;
const DEFAULT_TERMINAL_ROWS = 40;

type Props = { readonly view: EscalationsView };

export function EscalationsScreen({ view }: Props) {
  const { stdout } = useStdout();
  const [cursor, setCursor] = useState<EscalationCursor>(START_CURSOR);
  const escalations = [...(view.escalations ?? [])].sort((a, b) => b.at - a.at);
  const shown = escalations[Math.min(cursor.index, escalations.length - 1)];
  const lines = shown === undefined ? [] : reportLines(shown.report);
  const listRows = Math.min(LIST_ROWS, escalations.length);
  const rows = Math.max(6, (stdout.rows ?? DEFAULT_TERMINAL_ROWS) - CHROME_ROWS - listRows);
  // Keys can arrive faster than React re-renders: the limits are read when the key is handled.
  const limits = useRef({ count: 0, lines: 0, rows });
  limits.current = { count: escalations.length, lines: lines.length, rows };
  useInput((input, key) => setCursor((current) => moveCursor(current, { ...key, input }, limits.current)));

  if (view.error !== null) {
    return (
      <Text color="red">
        cannot load escalations: {view.error.code}: {view.error.message}
      </Text>
    );
  }
  if (view.escalations === null) return <Text dimColor>loading escalations…</Text>;
  if (shown === undefined) return <Text dimColor>No escalations.</Text>;
  const index = escalations.indexOf(shown);
  const list = computeVisibleWindow(escalations.length, index, LIST_ROWS);
  const scroll = Math.min(cursor.scroll, Math.max(0, lines.length - rows));
  return (
    <Box flexDirection="column">
      {escalations.slice(list.start, list.end).map((escalation) => (
        <Text key={escalation.id} inverse={escalation === shown}>
          <Text bold>{escalation.id}</Text> <Text dimColor>{formatClock(escalation.at)}</Text>{" "}
          <Text color={URGENCY_COLOURS[escalation.urgency] ?? "white"} bold>
            {escalation.urgency}
          </Text>{" "}
          {escalation.reason} ·{" "}
          {escalation.isDelivered ? (
            <Text color="green">delivered</Text>
          ) : (
            <Text color="red">
              not delivered{escalation.deliveryError ? `: ${escalation.deliveryError}` : ""}
            </Text>
          )}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1} borderStyle="single" paddingX={1}>
        {[...lines.entries()].slice(scroll, scroll + rows).map(([lineNumber, line]) => (
          <Text
            key={lineNumber}
            wrap="truncate-end"
            {...(line.tone === undefined ? {} : TONE_STYLES[line.tone])}
          >
            {line.text === "" ? " " : line.text}
          </Text>
        ))}
      </Box>
      <Text dimColor>
        {index + 1}/{escalations.length} · lines {scroll + 1}-{Math.min(lines.length, scroll + rows)} of{" "}
        {lines.length} · j/k escalation · d/u or PgDn/PgUp scroll · g/G top/end
      </Text>
    </Box>
  );
}
