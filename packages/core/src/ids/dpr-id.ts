export type DprIdParts = {
  readonly project: string;
  readonly operation: string;
  readonly tool: string;
  readonly step: number;
};

const DPR_DOMAIN_CODE = "20000";

function toDprSegment(value: string): string {
  const segment = value
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return segment === "" ? "UNKNOWN" : segment;
}

/** `PLATFORM.<PROJECT>.<OPERATION>.<TOOL>.20000.<STEP>`, STEP zero-padded to three digits. */
export function formatDprId(parts: DprIdParts): string {
  if (!Number.isInteger(parts.step) || parts.step < 1 || parts.step > 999) {
    throw new RangeError(`DPR step must be an integer 1..999, got ${parts.step}`);
  }
  return [
    "PLATFORM",
    toDprSegment(parts.project),
    toDprSegment(parts.operation),
    toDprSegment(parts.tool),
    DPR_DOMAIN_CODE,
    String(parts.step).padStart(3, "0"),
  ].join(".");
}
