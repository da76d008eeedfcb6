import { assertNever } from "../assert-never.js";
import { formatDurationMs } from "../duration/format-duration-ms.js";
import type { Approval, EngineState, Incident } from "../protocol/engine-state.js";
import type { ApprovalDecision } from "../protocol/names.js";
import { appendTimeline, type Step } from "./incident-update.js";
import { actOnStrike, failStrike } from "./strike-ladder.js";

type AwaitingApproval = Incident & {
  readonly phase: Extract<Incident["phase"], { kind: "awaiting_approval" }>;
};

export type ApprovalAnswer = {
  readonly decision: ApprovalDecision;
  /** Null when no one answered in time. */
  readonly by: string | null;
  readonly note?: string;
};

export function isAwaitingApproval(incident: Incident | undefined): incident is AwaitingApproval {
  return incident?.state === "open" && incident.phase.kind === "awaiting_approval";
}

function describeAnswer(state: EngineState, incident: AwaitingApproval, answer: ApprovalAnswer): string {
  const { solution } = incident.phase;
  switch (answer.decision) {
    case "approved":
      return `${solution} approved by ${answer.by}`;
    case "denied":
      return `${solution} denied by ${answer.by}`;
    case "timed_out":
      return `no answer to approve ${solution} within ${formatDurationMs(state.settings.automation.approvalTimeoutMs)}, counted as denied`;
    default:
      return assertNever(answer.decision);
  }
}

/**
 * The answer to the remedy the incident awaits approval for, on its timeline and in its approvals. Approved,
 * the strike's budget starts afresh and the action goes through the rails again (the symptom is re-checked
 * right before it runs); denied or timed out, the strike fails and the ladder goes on.
 */
export function answerApproval(
  state: EngineState,
  incident: AwaitingApproval,
  answer: ApprovalAnswer,
  now: number,
): Step {
  const strike = incident.strike === 2 ? 2 : 1;
  const approval: Approval = {
    strike,
    remedyIndex: incident.phase.remedyIndex,
    solution: incident.phase.solution,
    decision: answer.decision,
    by: answer.by,
    at: now,
    note: answer.note ?? null,
  };
  const message = describeAnswer(state, incident, answer);
  const answered = appendTimeline(
    { ...incident, approvals: [...incident.approvals, approval] },
    {
      at: now,
      kind: answer.decision === "approved" ? "approved" : "denied",
      message: `strike ${strike}: ${message}`,
      ...(answer.note === undefined ? {} : { note: answer.note }),
    },
  );
  if (answer.decision !== "approved") return failStrike(state, answered, message, now);
  return actOnStrike(state, { ...answered, strikeStartedAt: now, phase: { kind: "idle" } }, now, false);
}
