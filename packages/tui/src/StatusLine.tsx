import type { StreamStatus } from "@orbt/sdk";
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
};

export function StatusLine({ status, seq, problem, notice }: Props) {
  return (
    <Box marginTop={1} flexDirection="column">
      <Box>
        <Text color={STATUS_COLOURS[status]}>● {status}</Text>
        <Text dimColor> seq {seq ?? "-"}</Text>
        {problem === null ? null : <Text color="red"> ({problem})</Text>}
        {notice === null ? null : <Text> │ {notice}</Text>}
      </Box>
      <Text dimColor>tab/1-5 screens · j/k move · enter detail · a ack · r resolve · q quit</Text>
    </Box>
  );
}
