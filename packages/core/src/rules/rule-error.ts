/** Why a rule's evaluation failed; the message reads as Prometheus's does. */
export type RuleError = {
  readonly code: "query" | "duplicate_labelset" | "limit";
  readonly message: string;
};
