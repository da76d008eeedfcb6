import { formatDurationMs } from "../duration/format-duration-ms.js";
import type { DeployReported, EngineEvent } from "../protocol/engine-event.js";
import type { EngineState, ServiceDeploy } from "../protocol/engine-state.js";
import type { DetectedSymptom, Detection } from "./detection.js";
import { isFailing } from "./is-failing.js";

/** The source of every symptom a deploy raises; a later succeeded deploy of the service clears it. */
export const DEPLOY_SOURCE = "deploy";

const PATTERN = "deployment_failures";

function withDeploy(state: EngineState, service: string, deploy: ServiceDeploy): EngineState {
  return { ...state, deploys: { ...state.deploys, [service]: deploy } };
}

function raise(service: string, symptom: string, detail: string): DetectedSymptom {
  return { type: "SymptomSeen", service, pattern: PATTERN, symptom, source: DEPLOY_SOURCE, detail };
}

/**
 * A deploy report: `started` begins Build mode, `failed` raises `build_failures`, `succeeded` clears the
 * deploy's symptoms and starts its verify window. The rollback target carries over from deploy to deploy.
 */
export function recordDeploy(state: EngineState, event: DeployReported, now: number): Detection {
  const deploy: ServiceDeploy = {
    version: event.version,
    status: event.status,
    at: now,
    verify: event.status === "succeeded" ? "pending" : null,
    stableVersion: state.deploys[event.service]?.stableVersion ?? null,
  };
  const noted = withDeploy(state, event.service, deploy);
  const detail = event.detail === undefined ? "" : `: ${event.detail}`;
  switch (event.status) {
    case "started":
      return { state: noted, symptoms: [] };
    case "failed":
      return {
        state: noted,
        symptoms: [raise(event.service, "build_failures", `deploy of ${event.version} failed${detail}`)],
      };
    case "succeeded":
      return {
        state: noted,
        symptoms: [
          { type: "SymptomCleared", service: event.service, pattern: PATTERN, source: DEPLOY_SOURCE },
        ],
      };
  }
}

/** An uptime symptom that just arrived for `service`: a failing check, a failing health report. */
function uptimeFailureOf(event: EngineEvent, service: string): string | undefined {
  if (event.type === "SymptomSeen" && event.service === service && event.pattern === "uptime_problems") {
    return `${event.symptom} from ${event.source}${event.detail === undefined ? "" : ` (${event.detail})`}`;
  }
  if (event.type === "HealthReported" && event.service === service && event.status === "failing") {
    return `failing health report${event.detail === undefined ? "" : ` (${event.detail})`}`;
  }
  return undefined;
}

/**
 * Deploys after `event` at `now` (`before` is the state the event arrived in): a started one past the
 * timeout is `deployment_timeouts`; a succeeded one whose service starts failing within the verify window
 * is `environment_misconfigurations`, and one that stayed healthy through it becomes the rollback target.
 */
export function watchDeploys(
  before: EngineState,
  state: EngineState,
  event: EngineEvent,
  now: number,
): Detection {
  const { timeoutMs, verifyForMs } = state.settings.deploys;
  let current = state;
  const symptoms: DetectedSymptom[] = [];
  for (const [service, deploy] of Object.entries(state.deploys)) {
    if (deploy.status === "started" && deploy.at + timeoutMs <= now) {
      const timedOutAt = deploy.at + timeoutMs;
      current = withDeploy(current, service, { ...deploy, status: "timed_out", at: timedOutAt });
      const why = `deploy of ${deploy.version} not ended within ${formatDurationMs(timeoutMs)}`;
      symptoms.push(raise(service, "deployment_timeouts", why));
      continue;
    }
    if (deploy.status !== "succeeded" || deploy.verify !== "pending") continue;
    if (deploy.at + verifyForMs <= now) {
      // Failing when the window ended (an event late after it was not yet counted): not a version to go back to.
      const isHealthy = !isFailing(before, service);
      const verified: ServiceDeploy = isHealthy
        ? { ...deploy, verify: "passed", stableVersion: deploy.version }
        : { ...deploy, verify: "failed" };
      current = withDeploy(current, service, verified);
      continue;
    }
    const failure = uptimeFailureOf(event, service);
    if (failure === undefined) continue;
    current = withDeploy(current, service, { ...deploy, verify: "failed" });
    const why = `${failure} within ${formatDurationMs(verifyForMs)} of the deploy of ${deploy.version}`;
    symptoms.push(raise(service, "environment_misconfigurations", why));
  }
  return { state: current, symptoms };
}

/** When a deploy next times out or passes its verify window; undefined when none is waiting. */
export function nextDeployDeadline(state: EngineState): number | undefined {
  const { timeoutMs, verifyForMs } = state.settings.deploys;
  let earliest: number | undefined;
  for (const deploy of Object.values(state.deploys)) {
    const at =
      deploy.status === "started"
        ? deploy.at + timeoutMs
        : deploy.verify === "pending"
          ? deploy.at + verifyForMs
          : undefined;
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}

/** The version a `rollback_to_stable` remedy of the service goes back to, when one is known. */
export function rollbackVersionOf(state: EngineState, service: string): string | undefined {
  return state.deploys[service]?.stableVersion ?? undefined;
}
