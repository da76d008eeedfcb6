import type { SlaBurnMeasured } from "../protocol/engine-event.js";
import type { EngineState, ServiceState, SlaBurn, TriggerSettings } from "../protocol/engine-state.js";
import type { SlaObjective } from "../protocol/names.js";

/** One probe of a service, as the SLA sees it: did it answer, and how fast. */
export type SliProbe = { readonly at: number; readonly isUp: boolean; readonly latencyMs: number };

export type SlaBreachSettings = NonNullable<TriggerSettings["SLA_breach"]>;

export type BurnRates = { readonly longBurn: number; readonly shortBurn: number };

/** A p99 objective allows one probe in a hundred to be slower than its target. */
const LATENCY_BUDGET = 0.01;

export function slaBurnKey(service: string, objective: SlaObjective): string {
  return `${service}/${objective}`;
}

/** The share of the window's probes that were bad over the share the objective allows; 0 with no probes. */
function burnOver(probes: readonly SliProbe[], isBad: (probe: SliProbe) => boolean, budget: number): number {
  if (probes.length === 0) return 0;
  return probes.filter(isBad).length / probes.length / budget;
}

/**
 * The burn rate of each objective the service's SLA sets, over the long and the short window ending at
 * `now`. Latency counts the probes that answered; a probe that did not is availability's.
 */
export function measureSlaBurns(
  probes: readonly SliProbe[],
  sla: NonNullable<ServiceState["sla"]>,
  settings: SlaBreachSettings,
  now: number,
): Partial<Record<SlaObjective, BurnRates>> {
  const longProbes = probes.filter((probe) => probe.at > now - settings.longWindowMs && probe.at <= now);
  const shortProbes = longProbes.filter((probe) => probe.at > now - settings.shortWindowMs);
  const burns: Partial<Record<SlaObjective, BurnRates>> = {};
  const { availabilityPercent, latencyP99Ms } = sla;
  if (availabilityPercent !== null) {
    const budget = 1 - availabilityPercent / 100;
    const isDown = (probe: SliProbe) => !probe.isUp;
    burns.availability = {
      longBurn: burnOver(longProbes, isDown, budget),
      shortBurn: burnOver(shortProbes, isDown, budget),
    };
  }
  if (latencyP99Ms !== null) {
    const isSlow = (probe: SliProbe) => probe.latencyMs > latencyP99Ms;
    const answered = (window: readonly SliProbe[]) => window.filter((probe) => probe.isUp);
    burns.latency_p99 = {
      longBurn: burnOver(answered(longProbes), isSlow, LATENCY_BUDGET),
      shortBurn: burnOver(answered(shortProbes), isSlow, LATENCY_BUDGET),
    };
  }
  return burns;
}

/** Both windows burn at least the trigger's rate: the SRE workbook's multi-window page. */
export function isBurning(burn: BurnRates | undefined, settings: SlaBreachSettings): boolean {
  return burn !== undefined && burn.longBurn >= settings.burnRate && burn.shortBurn >= settings.burnRate;
}

export function recordSlaBurn(state: EngineState, event: SlaBurnMeasured, now: number): EngineState {
  const burn: SlaBurn = {
    service: event.service,
    objective: event.objective,
    longBurn: event.longBurn,
    shortBurn: event.shortBurn,
    at: now,
  };
  return { ...state, slaBurns: { ...state.slaBurns, [slaBurnKey(event.service, event.objective)]: burn } };
}
