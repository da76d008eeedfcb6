import { Box, Text } from "ink";
import { formatClock } from "./format-clock.js";
import type { EscalationsView } from "./use-escalations.js";

const URGENCY_COLOURS: Record<string, string> = {
  critical: "red",
  high: "red",
  medium: "yellow",
  low: "green",
};

type Props = { readonly view: EscalationsView };

export function EscalationsScreen({ view }: Props) {
  if (view.error !== null) {
    return (
      <Text color="red">
        cannot load escalations: {view.error.code}: {view.error.message}
      </Text>
    );
  }
  if (view.escalations === null) return <Text dimColor>loading escalations…</Text>;
  if (view.escalations.length === 0) return <Text dimColor>No escalations.</Text>;
  return (
    <Box flexDirection="column">
      {[...view.escalations]
        .sort((a, b) => b.at - a.at)
        .map((escalation) => (
          <Box key={escalation.id} flexDirection="column" marginBottom={1}>
            <Text>
              <Text bold>{escalation.id}</Text> <Text dimColor>{formatClock(escalation.at)}</Text>{" "}
              <Text color={URGENCY_COLOURS[escalation.urgency] ?? "white"} bold>
                {escalation.urgency}
              </Text>{" "}
              {escalation.incidentId} · {escalation.reason} ·{" "}
              {escalation.isDelivered ? (
                <Text color="green">delivered</Text>
              ) : (
                <Text color="red">
                  not delivered{escalation.deliveryError ? `: ${escalation.deliveryError}` : ""}
                </Text>
              )}
            </Text>
            <Text> impact: {escalation.report.business_impact.summary}</Text>
            <Text>
              {" "}
              tried:{" "}
              {escalation.report.attempted_solutions
                .map((attempt) => `${attempt.solution} (${attempt.outcome})`)
                .join(", ") || "nothing"}
            </Text>
            {escalation.report.recommendations.slice(0, 2).map((recommendation) => (
              <Text key={recommendation} dimColor>
                {"  → "}
                {recommendation}
              </Text>
            ))}
          </Box>
        ))}
    </Box>
  );
}
