import { attributeText } from "./attribute-text.js";
import type { AttributeValue } from "./otlp-schema.js";

export type ResourceIdentity = {
  /** `service.namespace/service.name`, or `service.name` alone; the Prometheus `job` and Orbt's service. */
  readonly job: string;
  /** `service.instance.id`, or "" when the resource has none. */
  readonly instance: string;
  /** The resource attributes other than the three above, which belong in `target_info`. */
  readonly otherAttributes: Readonly<Record<string, string>>;
};

const SERVICE_KEYS = new Set(["service.name", "service.namespace", "service.instance.id"]);

// The OpenTelemetry resource default when an SDK was given no service name.
const UNKNOWN_SERVICE = "unknown_service";

export function readResourceIdentity(attributes: Readonly<Record<string, AttributeValue>>): ResourceIdentity {
  const name = attributeText(attributes["service.name"] ?? null) || UNKNOWN_SERVICE;
  const namespace = attributeText(attributes["service.namespace"] ?? null);
  const otherAttributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!SERVICE_KEYS.has(key)) otherAttributes[key] = attributeText(value);
  }
  return {
    job: namespace === "" ? name : `${namespace}/${name}`,
    instance: attributeText(attributes["service.instance.id"] ?? null),
    otherAttributes,
  };
}
