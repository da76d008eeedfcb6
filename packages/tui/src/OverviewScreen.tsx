import { type EngineState, type IncidentHistory, serviceMode, serviceStatus } from "@orbt/core";
import { Box, Text } from "ink";
import { AutomationLine } from "./AutomationLine.js";
import { computeDashboardFigures } from "./dashboard-figures.js";
import { StatusBadge } from "./StatusBadge.js";
import { TableRow } from "./TableRow.js";

type Props = { readonly state: EngineState; readonly history: IncidentHistory };

const WIDTHS = {
  name: 16,
  platform: 11,
  scale: 7,
  status: 7,
  incident: 10,
  strike: 7,
  pattern: 24,
  mode: 17,
};

export function OverviewScreen({ state, history }: Props) {
  const figures = computeDashboardFigures(state, history);
  const live = Object.values(state.incidents);
  const rate = figures.successRate === null ? "-" : `${Math.round(figures.successRate * 100)}%`;
  return (
    <Box flexDirection="column">
      <Text>
        {state.settings.project} <Text dimColor>({state.settings.environment})</Text>
      </Text>
      <AutomationLine state={state} />
      <Box flexDirection="column" marginTop={1}>
        <TableRow
          isHeader
          cells={[
            { content: "SERVICE", width: WIDTHS.name },
            { content: "PLATFORM", width: WIDTHS.platform },
            { content: "SCALE", width: WIDTHS.scale },
            { content: "STATUS", width: WIDTHS.status },
            { content: "INCIDENT", width: WIDTHS.incident },
            { content: "STRIKE", width: WIDTHS.strike },
            { content: "PATTERN", width: WIDTHS.pattern },
            { content: "MODE", width: WIDTHS.mode },
          ]}
        />
        {Object.values(state.services).map((service) => {
          const open = live.find((incident) => incident.service === service.name);
          const mode = serviceMode(state, service.name);
          const deploy = state.deploys[service.name];
          return (
            <TableRow
              key={service.name}
              cells={[
                { content: service.name, width: WIDTHS.name },
                { content: service.platform, width: WIDTHS.platform },
                // Unknown until set in config or measured: its outcomes count at scale any.
                { content: service.scale ?? "-", width: WIDTHS.scale },
                {
                  content: <StatusBadge status={serviceStatus(state, service.name)} />,
                  width: WIDTHS.status,
                },
                { content: open?.id ?? "-", width: WIDTHS.incident },
                { content: open === undefined ? "-" : String(open.strike), width: WIDTHS.strike },
                { content: open?.pattern ?? "", width: WIDTHS.pattern },
                // Build names the version being deployed.
                mode === "Build"
                  ? { content: `Build ${deploy?.version ?? ""}`, width: WIDTHS.mode, color: "cyan" }
                  : { content: mode, width: WIDTHS.mode },
              ]}
            />
          );
        })}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Dashboard</Text>
        <Text>
          auto-resolved (strike 1): <Text bold>{figures.resolvedAtStrike1}</Text> · alternative fix (strike
          2): <Text bold>{figures.resolvedAtStrike2}</Text> · escalated: <Text bold>{figures.escalated}</Text>
        </Text>
        <Text>
          success rate: <Text bold>{rate}</Text> · pending escalations:{" "}
          <Text bold color={figures.pendingEscalations > 0 ? "red" : "green"}>
            {figures.pendingEscalations}
          </Text>
        </Text>
      </Box>
    </Box>
  );
}
