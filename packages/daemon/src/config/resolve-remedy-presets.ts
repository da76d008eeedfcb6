import type { RemedyAction } from "../act/executors.js";
import { lookUpPreset, type PresetService } from "../act/remedy-presets.js";

/** A remedy as its own keys give it: `action` null when it names only its solution. */
type RemedyWithoutPreset = {
  readonly solution: string;
  readonly service: string | undefined;
  readonly action: RemedyAction | null;
};

type Resolved<R extends RemedyWithoutPreset> = Omit<R, "action"> & { readonly action: RemedyAction };

/** A remedy whose preset is missing, by its index in `remedies:`. */
export type PresetProblem = { readonly index: number; readonly message: string };

export type PresetResolution<R extends RemedyWithoutPreset> =
  | { readonly ok: true; readonly remedies: Resolved<R>[] }
  | { readonly ok: false; readonly problems: PresetProblem[] };

/**
 * Fills each remedy that names only its solution from its service's presets. One without a service
 * stands, in its place in the list, for one remedy per configured service that has a preset for it.
 */
export function resolveRemedyPresets<R extends RemedyWithoutPreset>(
  remedies: readonly R[],
  services: readonly PresetService[],
): PresetResolution<R> {
  const problems: PresetProblem[] = [];
  const resolved = remedies.flatMap((remedy, index): Resolved<R>[] => {
    const { action } = remedy;
    if (action !== null) return [{ ...remedy, action }];
    const named = services.filter(
      (service) => remedy.service === undefined || service.name === remedy.service,
    );
    const lookups = named.map((service) => ({ service, lookup: lookUpPreset(service, remedy.solution) }));
    const found = lookups.flatMap(({ service, lookup }) =>
      lookup.ok ? [{ ...remedy, service: service.name, action: lookup.action }] : [],
    );
    if (found.length > 0) return found;
    const [first] = lookups;
    const message =
      first === undefined || first.lookup.ok
        ? `no service is configured to take a preset for ${remedy.solution}: set exec or http on the remedy`
        : remedy.service === undefined && lookups.length > 1
          ? `no configured service has a preset for ${remedy.solution}; the first: ${first.lookup.message}`
          : first.lookup.message;
    problems.push({ index, message });
    return [];
  });
  return problems.length === 0 ? { ok: true, remedies: resolved } : { ok: false, problems };
}
