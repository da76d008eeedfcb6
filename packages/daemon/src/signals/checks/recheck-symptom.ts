import type { RecheckSymptom } from "@orbt/core";
import type { ServiceConfig } from "../../config/orbt-config.js";
import { probeCheck } from "./check-kinds.js";
import { judgeProbe, parseCheckSource } from "./judge-probe.js";

/**
 * Whether an incident's symptom is still there, just before acting on it: each of its check sources is
 * probed once more (a slow check is present until an answer comes fast); a source that cannot be probed
 * again (a health push, an alert) counts as present while the engine still holds it active.
 */
export async function recheckSymptom(
  services: readonly ServiceConfig[],
  effect: RecheckSymptom,
  isSourceActive: (source: string) => boolean,
): Promise<boolean> {
  const checks = services.find((service) => service.name === effect.service)?.checks ?? [];
  const present = await Promise.all(
    effect.sources.map(async (source) => {
      const parsed = parseCheckSource(source);
      const check = parsed === undefined ? undefined : checks[parsed.index];
      if (parsed === undefined || check === undefined) return isSourceActive(source);
      return judgeProbe(check, await probeCheck(check))[parsed.aspect] !== null;
    }),
  );
  return present.includes(true);
}
