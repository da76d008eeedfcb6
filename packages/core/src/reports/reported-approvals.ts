import type { Incident } from "../protocol/engine-state.js";
import type { ReportedApproval } from "../protocol/escalation-report.js";

/** The incident's approvals, denials and approval timeouts, oldest first, for its escalation report. */
export function reportApprovals(incident: Incident): ReportedApproval[] {
  return incident.approvals.map((approval) => ({
    decision: approval.decision,
    by: approval.by,
    at: new Date(approval.at).toISOString(),
    note: approval.note,
    solution: approval.solution,
    strike: approval.strike,
  }));
}
