import type { DeploySettings } from "../protocol/engine-state.js";

/** Deploys when the config sets nothing: a deploy may run 15 minutes; a new version must stay healthy 5. */
export const DEFAULT_DEPLOYS: DeploySettings = { timeoutMs: 900_000, verifyForMs: 300_000 };
