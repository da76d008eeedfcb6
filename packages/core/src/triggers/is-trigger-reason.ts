import { type EscalationReason, EscalationTrigger } from "../protocol/names.js";

/** The escalation is a trigger's page, made while the ladder goes on, not the ladder's own strike 3. */
export function isTriggerReason(reason: EscalationReason): reason is EscalationTrigger {
  return EscalationTrigger.safeParse(reason).success;
}
