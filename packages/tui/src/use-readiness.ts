import type { ReadinessAssessment } from "@orbt/core";
import type { OrbtApiError } from "@orbt/sdk";
import type { TuiClient } from "./tui-ports.js";
import { usePolledResult } from "./use-polled-result.js";

export type ReadinessView = {
  readonly assessment: ReadinessAssessment | null;
  readonly error: OrbtApiError | null;
};

/**
 * The daemon assesses readiness when asked (a handshake per tls check, the rule tests), and facts such as
 * a backup's age change with time alone, so it is read while the screen is shown and every 30 s.
 */
export const READINESS_POLL_MS = 30_000;

const getReadiness = (client: TuiClient) => client.getReadiness();

export function useReadiness(client: TuiClient, isActive: boolean): ReadinessView {
  const { value, error } = usePolledResult(getReadiness, client, isActive, READINESS_POLL_MS);
  return { assessment: value, error };
}
