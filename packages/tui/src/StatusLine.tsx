import type { AutomationSummary, StreamStatus } from "@orbt/sdk";
import { Box, Text } from "ink";

const STATUS_COLOURS: Record<StreamStatus, string> = {
  connecting: "yellow",
  connected: "green",
  reconnecting: "yellow",
  closed: "red",
};

type Props = {
  readonly status: StreamStatus;
  readonly seq: number | null;
  readonly problem: string | null;
  readonly notice: string | null;
  /** Null until the first snapshot. */
  readonly automation: AutomationSummary | null;
};

export function StatusLine({ status, seq, problem, notice, automation }: Props) {
  return (
    <Box marginTop={1} flexDirection="column">
      <Box>
        <Text color={STATUS_COLOURS[status]}>● {status}</Text>
        <Text dimColor> seq {seq ?? "-"}</Text>
        {automation?.isPaused ? (
          <Text>
            {" "}
            <Text color="red" bold>
              PAUSED
            </Text>
            {automation.changedBy === null ? "" : ` by ${automation.changedBy}`}
          </Text>
        ) : null}
        {automation?.mode === "dry_run" ? (
          <Text color="yellow" bold>
            {" "}
            DRY RUN
          </Text>
        ) : null}
        {problem === null ? null : <Text color="red"> ({problem})</Text>}
        {notice === null ? null : <Text> │ {notice}</Text>}
      </Box>
      <Text dimColor>
        tab/1-8 screens · s silences · h hosts · j/k move · enter detail · a ack · r resolve · A approve · D
        deny · p pause/resume · q quit
      </Text>
    </Box>
  );
}
