import type { EngineState } from "../protocol/engine-state.js";

/**
 * Notes, per service, each deploy that failed or timed out in this step (`before` is the state the event
 * arrived in), keeping those within the `repeated_deployment_failures` window; nothing while it is off.
 */
export function recordDeployFailures(before: EngineState, state: EngineState, now: number): EngineState {
  const settings = state.settings.escalation.triggers.repeated_deployment_failures;
  if (settings === null || before.deploys === state.deploys) return state;
  let deployFailures = state.deployFailures;
  for (const [service, deploy] of Object.entries(state.deploys)) {
    const isFailed = deploy.status === "failed" || deploy.status === "timed_out";
    if (!isFailed || before.deploys[service] === deploy) continue;
    const recent = (deployFailures[service] ?? []).filter((at) => at > now - settings.windowMs);
    deployFailures = { ...deployFailures, [service]: [...recent, deploy.at] };
  }
  return deployFailures === state.deployFailures ? state : { ...state, deployFailures };
}
