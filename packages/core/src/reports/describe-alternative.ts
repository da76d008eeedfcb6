import type { InfrastructureAlternative } from "../protocol/escalation-report.js";

/** `failover_activation: exec, http on api (dry run)`: an alternative and the remedies configured for it. */
export function describeAlternative(alternative: InfrastructureAlternative): string {
  const remedies = alternative.remedies.map(
    (remedy) =>
      `${remedy.tool}${remedy.service === null ? "" : ` on ${remedy.service}`}${remedy.dry_run ? " (dry run)" : ""}`,
  );
  return `${alternative.solution}: ${remedies.join(", ") || "no remedy configured"}`;
}
