import { deployHookPost } from "./deploy-hook-executor.js";
import { dockerRestart } from "./docker-executor.js";
import type { RemedyAction } from "./executors.js";
import { kubectlRolloutRestart, kubectlRolloutUndo, kubectlScale } from "./kubectl-executor.js";
import { systemctlRestart } from "./systemd-executor.js";

/**
 * What runs a service, with the fields its presets read. A field is null when it was not set and the
 * service's name cannot stand in for it (a Kubernetes name is lowercase, for one).
 */
export type Workload =
  | { readonly platform: "exec" }
  | { readonly platform: "systemd"; readonly unit: string | null }
  | { readonly platform: "docker"; readonly container: string | null }
  | {
      readonly platform: "kubernetes";
      readonly deployment: string | null;
      readonly namespace: string;
      readonly maxReplicas: number | null;
      readonly scaleStep: number;
    };

/** A Render- or Vercel-style deploy hook: a POST to `url` starts a deploy. */
export type DeployHook = { readonly url: string; readonly rollbackUrl: string | null };

/** Where presets come from: the service's platform, or its `deploy_hook:`. */
export type PresetSource = Workload["platform"] | "deploy_hook";

type FieldsOf<S extends PresetSource> = S extends "deploy_hook"
  ? DeployHook
  : Extract<Workload, { platform: S }>;

/** A key the service lacks for a preset, e.g. `max_replicas`. */
type MissingKey = { readonly missing: string };

type Preset<Fields> = (fields: Fields) => RemedyAction | MissingKey;

/** `name` from the service, or the key it needs, when `name` could not default from the service's name. */
function named(
  key: string,
  name: string | null,
  toAction: (name: string) => RemedyAction,
): RemedyAction | MissingKey {
  return name === null ? { missing: key } : toAction(name);
}

/**
 * Which solutions each platform can carry out with no action spelled out: one line per (platform,
 * solution) pair. A remedy naming only its solution gets its action from its service's line here.
 */
export const REMEDY_PRESETS: {
  readonly [S in PresetSource]: { readonly [solution: string]: Preset<FieldsOf<S>> };
} = {
  exec: {},
  systemd: {
    service_restart: (service) => named("unit", service.unit, systemctlRestart),
  },
  docker: {
    service_restart: (service) => named("container", service.container, dockerRestart),
  },
  kubernetes: {
    service_restart: (service) =>
      named("deployment", service.deployment, (name) => kubectlRolloutRestart(name, service.namespace)),
    rollback_to_stable: (service) =>
      named("deployment", service.deployment, (name) => kubectlRolloutUndo(name, service.namespace)),
    resource_scaling: ({ deployment, namespace, scaleStep, maxReplicas }) =>
      maxReplicas === null
        ? { missing: "max_replicas" }
        : named("deployment", deployment, (name) =>
            kubectlScale({ deployment: name, namespace, step: scaleStep, maxReplicas }),
          ),
  },
  deploy_hook: {
    retry_deployment: (hook) => deployHookPost(hook.url),
    rollback_to_stable: (hook) =>
      hook.rollbackUrl === null ? { missing: "deploy_hook.rollback_url" } : deployHookPost(hook.rollbackUrl),
  },
};

/** What a preset needs to know of a service. */
export type PresetService = {
  readonly name: string;
  readonly workload: Workload;
  readonly deployHook: DeployHook | null;
};

export type PresetLookup =
  | { readonly ok: true; readonly action: RemedyAction }
  | { readonly ok: false; readonly message: string };

/** The sources that have a preset for `solution`, in the table's order. */
export function listPresetSources(solution: string): PresetSource[] {
  return (Object.keys(REMEDY_PRESETS) as PresetSource[]).filter(
    (source) => REMEDY_PRESETS[source][solution] !== undefined,
  );
}

function describeSources(solution: string): string {
  const sources = listPresetSources(solution);
  if (sources.length === 0) return `no platform has a preset for ${solution}`;
  const names = sources.map((source) => (source === "deploy_hook" ? "a service with deploy_hook" : source));
  return `presets for ${solution}: ${names.join(", ")}`;
}

/**
 * The action of `solution` on `service` from its presets. A deploy hook, being the more specific of the
 * two, comes before the platform; a hook without what its preset needs leaves the platform's to apply.
 */
export function lookUpPreset(service: PresetService, solution: string): PresetLookup {
  const fromHook =
    service.deployHook === null ? undefined : REMEDY_PRESETS.deploy_hook[solution]?.(service.deployHook);
  if (fromHook !== undefined && !("missing" in fromHook)) return { ok: true, action: fromHook };
  const platform = service.workload.platform;
  const fromPlatform = (REMEDY_PRESETS[platform][solution] as Preset<Workload> | undefined)?.(
    service.workload,
  );
  if (fromPlatform !== undefined && !("missing" in fromPlatform)) return { ok: true, action: fromPlatform };
  const missing = fromPlatform ?? fromHook;
  if (missing !== undefined) {
    return {
      ok: false,
      message: `the preset for ${solution} on service "${service.name}" needs ${missing.missing}: set it on the service, or set exec or http on the remedy`,
    };
  }
  return {
    ok: false,
    message: `service "${service.name}" (platform ${platform}${service.deployHook === null ? "" : ", with deploy_hook"}) has no preset for ${solution} (${describeSources(solution)}): set exec or http on the remedy`,
  };
}
