import {
  assertNever,
  formatDurationMs,
  type ReplayAction,
  type ReplayIncidentRun,
  type ReplayReport,
  type ReplaySide,
  type ReplayTotals,
} from "@orbt/core";

function formatTime(ms: number): string {
  return new Date(ms).toISOString();
}

function formatAction(action: ReplayAction): string {
  const { simulated } = action;
  const basis =
    simulated === undefined
      ? ""
      : simulated.basis === "recorded"
        ? `, as ${simulated.actionId} ended`
        : ", assumed";
  return `${action.solution} (strike ${action.strike}, ${action.outcome}${basis})`;
}

function formatRun(run: ReplayIncidentRun): string {
  const states: string[] = [];
  if (run.escalation !== null) states.push(`escalated (${run.escalation.reason})`);
  if (run.timeToResolveMs !== null) {
    states.push(`resolved (${run.resolution}) after ${formatDurationMs(run.timeToResolveMs)}`);
  }
  if (states.length === 0) states.push(`open at strike ${run.strike}`);
  const actions = run.actions.length === 0 ? "no action" : run.actions.map(formatAction).join(", ");
  return `${run.incidentId}: ${states.join(", ")}; ${actions}`;
}

function formatSide(side: ReplaySide): string {
  switch (side.kind) {
    case "incident":
      return formatRun(side);
    case "joined":
      return `no incident of its own: joined ${side.incidentId}, open then`;
    case "none":
      return "no incident";
    default:
      return assertNever(side);
  }
}

const SUMMARY_ROWS: readonly (readonly [label: string, format: (totals: ReplayTotals) => string])[] = [
  ["incidents", (totals) => String(totals.incidents)],
  ["actions", (totals) => String(totals.actions)],
  ["escalations", (totals) => String(totals.escalations)],
  ["resolved", (totals) => String(totals.resolved)],
  [
    "mean time to resolve",
    ({ meanTimeToResolveMs: ms }) => (ms === null ? "-" : formatDurationMs(Math.round(ms))),
  ],
];

/**
 * The report as `orbtd replay` prints it: the span, how outcomes were simulated, per incident a `then`
 * line (what was done) and a `now` line (what the config tried would do), and the totals side by side.
 */
export function formatReplayReport(report: ReplayReport, configFile: string): string[] {
  const { simulatedOutcomes: simulated } = report;
  const lines = [
    `replay of ${formatTime(report.from)} to ${formatTime(report.to)} with ${configFile}: ${report.journalEvents} journal events, ${report.replayedEvents} replayed`,
    `nothing was executed; the new run's actions ended as a recorded run of the same solution: ${simulated.recorded}, assumed to succeed at once: ${simulated.assumed}`,
  ];
  for (const incident of report.incidents) {
    lines.push(
      "",
      `${incident.service} ${incident.pattern} (${incident.symptom}), opened ${formatTime(incident.openedAt)}`,
      `  then ${formatSide(incident.recorded)}`,
      `  now  ${formatSide(incident.replayed)}`,
    );
  }
  const { recorded, replayed } = report.summary;
  const width = Math.max(...SUMMARY_ROWS.map(([label]) => label.length));
  lines.push("", `${"".padEnd(width)}  ${"then".padStart(10)}  ${"now".padStart(10)}`);
  for (const [label, format] of SUMMARY_ROWS) {
    lines.push(`${label.padEnd(width)}  ${format(recorded).padStart(10)}  ${format(replayed).padStart(10)}`);
  }
  return lines;
}
