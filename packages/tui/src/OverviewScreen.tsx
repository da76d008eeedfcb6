import {
  type DrillSummary,
  type EngineState,
  formatDurationMs,
  serviceMode,
  serviceStatus,
} from "@orbt/core";
import { Box, Text } from "ink";
import { AutomationLine } from "./AutomationLine.js";
import { StatusBadge } from "./StatusBadge.js";
import { TableRow } from "./TableRow.js";
import { DASHBOARD_WINDOW, type DashboardReportView } from "./use-dashboard-report.js";

type Props = { readonly state: EngineState; readonly dashboard: DashboardReportView };

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

export function OverviewScreen({ state, dashboard }: Props) {
  const live = Object.values(state.incidents);
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
      <Dashboard view={dashboard} />
    </Box>
  );
}

/** The figures of the daemon's report over the last `DASHBOARD_WINDOW`. */
function Dashboard({ view }: { readonly view: DashboardReportView }) {
  const { figures, readiness, drills, error } = view;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Dashboard (last {DASHBOARD_WINDOW})</Text>
      {figures === null ? (
        error === null ? (
          <Text dimColor>reading the report…</Text>
        ) : (
          <Text color="red">report not read: {error.message}</Text>
        )
      ) : (
        <>
          <Text>
            auto-resolved (strike 1): <Text bold>{figures.auto_resolved}</Text> · alternative fixes (strike
            2): <Text bold>{figures.alternative_fixes}</Text> · human escalations:{" "}
            <Text bold>{figures.human_escalations}</Text> · documented fixes:{" "}
            <Text bold>{figures.documented_fixes}</Text>
          </Text>
          <Text>
            success rate:{" "}
            <Text bold>
              {figures.success_rate === null ? "-" : `${Math.round(figures.success_rate * 100)}%`}
            </Text>{" "}
            · mean time to resolve: <Text bold>{formatMean(figures.mean_time_to_resolve_ms)}</Text> · pending
            escalations:{" "}
            <Text bold color={figures.pending_escalations > 0 ? "red" : "green"}>
              {figures.pending_escalations}
            </Text>{" "}
            · uptime: <Text bold>{figures.uptime_percent}%</Text>
          </Text>
          <Text>
            handoff readiness:{" "}
            {readiness === null ? <Text dimColor>not assessed</Text> : <Text bold>{readiness}/100</Text>}
          </Text>
          <DrillsLine drills={drills} />
        </>
      )}
    </Box>
  );
}

/** A mean duration to read at a glance: `850ms`, `1.5s`, `7s` (not `6s999ms`), `1m35s`. */
function formatMean(durationMs: number | null): string {
  if (durationMs === null) return "-";
  if (durationMs < 1000) return `${Math.round(durationMs)}ms`;
  if (durationMs < 60_000) return `${(durationMs / 1000).toFixed(1).replace(/\.0$/, "")}s`;
  return formatDurationMs(Math.round(durationMs / 1000) * 1000);
}

/** The drills of the window: how many faults the monitoring caught, and how fast the ladder met them. */
function DrillsLine({ drills }: { readonly drills: DrillSummary | null }) {
  if (drills === null || drills.drills_run === 0) {
    return <Text dimColor>drills: none in the window (orbtd drill SERVICE runs one)</Text>;
  }
  const effectiveness = drills.monitoring_effectiveness;
  return (
    <Text>
      drills: <Text bold>{drills.drills_run}</Text> · monitoring effectiveness:{" "}
      <Text bold color={effectiveness === null || effectiveness < 1 ? "yellow" : "green"}>
        {effectiveness === null ? "-" : `${Math.round(effectiveness * 100)}%`}
      </Text>{" "}
      ({drills.faults_detected}/{drills.faults_injected} detected) · time to detect{" "}
      <Text bold>{formatMean(drills.mean_time_to_detect_ms)}</Text> · to repair{" "}
      <Text bold>{formatMean(drills.mean_time_to_repair_ms)}</Text>
      {drills.held_by_rails > 0 ? ` · ${drills.held_by_rails} held by a rail` : ""}
    </Text>
  );
}
