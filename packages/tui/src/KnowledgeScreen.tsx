import type { EngineState } from "@orbt/core";
import { Box, Text } from "ink";
import { TableRow } from "./TableRow.js";

type Props = { readonly state: EngineState };

const WIDTHS = { pattern: 24, platform: 11, solution: 24, tries: 6, successes: 9, rate: 6 };

export function KnowledgeScreen({ state }: Props) {
  const entries = Object.values(state.knowledge).sort(
    (a, b) =>
      a.pattern.localeCompare(b.pattern) ||
      a.platform.localeCompare(b.platform) ||
      b.successes - a.successes ||
      a.solution.localeCompare(b.solution),
  );
  if (entries.length === 0) return <Text dimColor>No remedy outcomes recorded yet.</Text>;
  return (
    <Box flexDirection="column">
      <TableRow
        isHeader
        cells={[
          { content: "PATTERN", width: WIDTHS.pattern },
          { content: "PLATFORM", width: WIDTHS.platform },
          { content: "SOLUTION", width: WIDTHS.solution },
          { content: "TRIES", width: WIDTHS.tries },
          { content: "SUCCESSES", width: WIDTHS.successes },
          { content: "RATE", width: WIDTHS.rate },
        ]}
      />
      {entries.map((entry) => (
        <TableRow
          key={`${entry.pattern}/${entry.platform}/${entry.solution}`}
          cells={[
            { content: entry.pattern, width: WIDTHS.pattern },
            { content: entry.platform, width: WIDTHS.platform },
            { content: entry.solution, width: WIDTHS.solution },
            { content: String(entry.tries), width: WIDTHS.tries },
            { content: String(entry.successes), width: WIDTHS.successes },
            {
              content: entry.tries === 0 ? "-" : `${Math.round((entry.successes / entry.tries) * 100)}%`,
              width: WIDTHS.rate,
            },
          ]}
        />
      ))}
    </Box>
  );
}
