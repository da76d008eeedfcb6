import type { EngineState, Silence, SilenceMatcher } from "@orbt/core";
import { Box, Text } from "ink";
import { formatClock } from "./format-clock.js";
import { TableRow } from "./TableRow.js";

type Props = { readonly state: EngineState };

const WIDTHS = { state: 8, matchers: 40, author: 12, comment: 30, ends: 9, count: 6 };

const STATE_COLOURS: Record<Silence["state"], string> = {
  active: "yellow",
  pending: "cyan",
  expired: "gray",
};

function formatMatcher(matcher: SilenceMatcher): string {
  return `${matcher.name}${matcher.type}"${matcher.value}"`;
}

/** Pending and active first, then expired, each newest first, as `GET /api/v1/silences` lists them. */
function sortSilences(silences: readonly Silence[]): Silence[] {
  const isOver = (silence: Silence) => (silence.state === "expired" ? 1 : 0);
  return [...silences].sort((a, b) => isOver(a) - isOver(b) || b.createdAt - a.createdAt);
}

/** Silences with their matchers and what each suppressed; expired ones stay listed for audit. */
export function SilencesScreen({ state }: Props) {
  const silences = sortSilences(Object.values(state.silences));
  if (silences.length === 0) {
    return (
      <Text dimColor>No silences. Create one with POST /api/v1/silences or the SDK's createSilence.</Text>
    );
  }
  return (
    <Box flexDirection="column">
      <TableRow
        isHeader
        cells={[
          { content: "STATE", width: WIDTHS.state },
          { content: "MATCHERS", width: WIDTHS.matchers },
          { content: "AUTHOR", width: WIDTHS.author },
          { content: "COMMENT", width: WIDTHS.comment },
          { content: "ENDS", width: WIDTHS.ends },
          { content: "COUNT", width: WIDTHS.count },
        ]}
      />
      {silences.map((silence) => (
        <TableRow
          key={silence.id}
          cells={[
            { content: silence.state, width: WIDTHS.state, color: STATE_COLOURS[silence.state] },
            { content: silence.matchers.map(formatMatcher).join(" "), width: WIDTHS.matchers },
            { content: silence.createdBy, width: WIDTHS.author },
            { content: silence.comment, width: WIDTHS.comment },
            { content: formatClock(silence.expiredAt ?? silence.endsAt), width: WIDTHS.ends },
            { content: String(silence.suppressed), width: WIDTHS.count },
          ]}
        />
      ))}
    </Box>
  );
}
