import type { ApiResult } from "@orbt/sdk";
import { useCallback, useState } from "react";
import type { TuiClient } from "./tui-ports.js";

export type OperatorActions = {
  /** The outcome of the last action, for the status line. */
  readonly notice: string | null;
  acknowledge(incidentId: string): void;
  resolve(incidentId: string): void;
  approve(incidentId: string): void;
  deny(incidentId: string): void;
  /** Pauses automation when `isPaused` is false, resumes it when true. */
  toggleAutomation(isPaused: boolean): void;
};

export function useOperatorActions(client: TuiClient, operator: string | undefined): OperatorActions {
  const [notice, setNotice] = useState<string | null>(null);
  const run = useCallback((what: string, send: () => Promise<ApiResult<unknown>>) => {
    setNotice(`${what}…`);
    send().then((result) => {
      setNotice(
        result.ok ? `${what}: done` : `${what} failed: ${result.error.code}: ${result.error.message}`,
      );
    });
  }, []);
  const note = operator === undefined ? {} : { by: operator };
  return {
    notice,
    acknowledge: (id) => run(`ack ${id}`, () => client.acknowledgeIncident(id, note)),
    resolve: (id) => run(`resolve ${id}`, () => client.resolveIncident(id, note)),
    approve: (id) => run(`approve ${id}`, () => client.approveIncident(id, note)),
    deny: (id) => run(`deny ${id}`, () => client.denyIncident(id, note)),
    toggleAutomation: (isPaused) =>
      isPaused
        ? run("resume automation", () => client.resumeAutomation(note))
        : run("pause automation", () => client.pauseAutomation(note)),
  };
}
