import type { EngineState } from "@orbt/core";
import { Text } from "ink";
import { formatClock } from "./format-clock.js";

type Props = { readonly state: EngineState };

/** The kill switch and the mode: whether Orbt acts on its own now, and who decided; services it holds. */
export function AutomationLine({ state }: Props) {
  const { isPaused, changedBy, changedAt, note } = state.automation;
  const flapping = Object.entries(state.flapping).flatMap(([service, record]) =>
    record.since === null ? [] : [service],
  );
  const maintenance = Object.entries(state.maintenance).map(
    ([service, window]) => `${service} until ${formatClock(window.endsAt)}`,
  );
  const isDryRun = state.settings.automation.mode === "dry_run";
  const since = changedAt === null ? "" : ` at ${formatClock(changedAt)}`;
  return (
    <Text>
      automation:{" "}
      {isPaused ? (
        <Text>
          <Text color="red" bold>
            PAUSED
          </Text>
          {changedBy === null ? "" : ` by ${changedBy}`}
          {since}
          {note === null ? "" : ` (${note})`}
        </Text>
      ) : (
        <Text color="green">running</Text>
      )}{" "}
      · mode{" "}
      <Text color={isDryRun ? "yellow" : undefined} bold={isDryRun}>
        {isDryRun ? "dry_run (actions recorded, never executed)" : "live"}
      </Text>
      {maintenance.length === 0 ? null : (
        <Text>
          {" "}
          · <Text color="cyan">maintenance: {maintenance.join(", ")}</Text>
        </Text>
      )}
      {flapping.length === 0 ? null : (
        <Text>
          {" "}
          · <Text color="yellow">flapping: {flapping.join(", ")}</Text>
        </Text>
      )}
    </Text>
  );
}
