import { assertNever } from "@orbt/core";
import * as z from "zod";
import type { DeployHook, Workload } from "../act/remedy-presets.js";
import { expecting, httpUrl, positiveInteger } from "./field-schemas.js";

/** A name as a platform's tool takes it: matched in full, and never starting with `-`, so never an option. */
function toolName(pattern: RegExp, expected: string, maxLength: number) {
  const isValid = (text: string) => text.length <= maxLength && pattern.test(text);
  return {
    isValid,
    schema: z.string(expecting(expected)).refine(isValid, expecting(expected)),
  };
}

const systemdUnit = toolName(
  /^[A-Za-z0-9:_.@\\][A-Za-z0-9:_.@\\-]*$/,
  "a systemd unit name like web.service",
  256,
);
const dockerContainer = toolName(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "a docker container name or id", 128);
const kubernetesName = toolName(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  "a Kubernetes name (lowercase a-z 0-9 - .)",
  253,
);
const kubernetesNamespace = toolName(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  "a Kubernetes namespace (lowercase a-z 0-9 -)",
  63,
);

/** `deploy_hook:` of a service: the URLs a retry and a rollback POST to. */
export const DeployHookConfig = z
  .strictObject(
    {
      url: httpUrl.describe("retry_deployment POSTs here."),
      rollback_url: httpUrl
        .optional()
        .describe("rollback_to_stable POSTs here, `{version}` replaced by the rollback target."),
    },
    expecting("a mapping with url"),
  )
  .transform((raw): DeployHook => ({ url: raw.url, rollbackUrl: raw.rollback_url ?? null }));

type PlatformName = Workload["platform"];

/** The service keys only one platform reads, each optional. */
export const PLATFORM_KEYS = {
  unit: systemdUnit.schema
    .optional()
    .describe("platform: systemd only. The unit the presets act on; default the service's name."),
  container: dockerContainer.schema
    .optional()
    .describe("platform: docker only. The container the presets act on; default the service's name."),
  deployment: kubernetesName.schema
    .optional()
    .describe("platform: kubernetes only. The Deployment the presets act on; default the service's name."),
  namespace: kubernetesNamespace.schema
    .optional()
    .describe("platform: kubernetes only. The Deployment's namespace; default default."),
  max_replicas: positiveInteger
    .optional()
    .describe("platform: kubernetes only. The most replicas resource_scaling scales to."),
  scale_step: positiveInteger
    .optional()
    .describe("platform: kubernetes only. Replicas resource_scaling adds per run; default 1."),
};

type PlatformKey = keyof typeof PLATFORM_KEYS;

const PLATFORM_OF_KEY = {
  unit: "systemd",
  container: "docker",
  deployment: "kubernetes",
  namespace: "kubernetes",
  max_replicas: "kubernetes",
  scale_step: "kubernetes",
} as const satisfies Readonly<Record<PlatformKey, PlatformName>>;

type ServiceWithPlatformKeys = { readonly name: string; readonly platform: PlatformName } & z.output<
  z.ZodObject<typeof PLATFORM_KEYS>
>;

/** The platform keys a service sets that its platform does not read, each with the platform that would. */
export function listMisplacedPlatformKeys(
  raw: ServiceWithPlatformKeys,
): { readonly key: PlatformKey; readonly platform: PlatformName }[] {
  return (Object.keys(PLATFORM_OF_KEY) as PlatformKey[])
    .filter((key) => raw[key] !== undefined && PLATFORM_OF_KEY[key] !== raw.platform)
    .map((key) => ({ key, platform: PLATFORM_OF_KEY[key] }));
}

/** A name key the service left out defaults to the service's name, when the tool takes that name. */
export function toWorkload(raw: ServiceWithPlatformKeys): Workload {
  const nameFor = (valid: (text: string) => boolean) => (valid(raw.name) ? raw.name : null);
  switch (raw.platform) {
    case "exec":
      return { platform: "exec" };
    case "systemd":
      return { platform: "systemd", unit: raw.unit ?? nameFor(systemdUnit.isValid) };
    case "docker":
      return { platform: "docker", container: raw.container ?? nameFor(dockerContainer.isValid) };
    case "kubernetes":
      return {
        platform: "kubernetes",
        deployment: raw.deployment ?? nameFor(kubernetesName.isValid),
        namespace: raw.namespace ?? "default",
        maxReplicas: raw.max_replicas ?? null,
        scaleStep: raw.scale_step ?? 1,
      };
    default:
      return assertNever(raw.platform);
  }
}
