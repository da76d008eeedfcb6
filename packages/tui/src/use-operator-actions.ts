import type { ApiResult } from "@orbt/sdk";
import { useCallback, useState } from "react";
import type { TuiClient } from "./tui-ports.js";

export type OperatorActions = {
  /** The outcome of the last action, for the status line. */
  readonly notice: string | null;
  acknowledge(incidentId: string): void;
  resolve(incidentId: string): void;
};

export function useOperatorActions(client: TuiClient, operator: string | undefined): OperatorActions {
  const [notice, setNotice] = useState<string | null>(null);
  const run = useCallback((verb: string, incidentId: string, send: () => Promise<ApiResult<void>>) => {
    setNotice(`${verb} ${incidentId}…`);
    send().then((result) => {
      setNotice(
        result.ok
          ? `${verb} ${incidentId}: done`
          : `${verb} ${incidentId} failed: ${result.error.code}: ${result.error.message}`,
      );
    });
  }, []);
  const note = operator === undefined ? {} : { by: operator };
  return {
    notice,
    acknowledge: (id) => run("ack", id, () => client.acknowledgeIncident(id, note)),
    resolve: (id) => run("resolve", id, () => client.resolveIncident(id, note)),
  };
}
