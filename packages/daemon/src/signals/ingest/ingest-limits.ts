import type { BodyLimits } from "./content-encoding.js";
import type { LabelLimits } from "./label-limits.js";

/** Every limit a receiver enforces, from the body on the wire to the series it may create. */
export type IngestLimits = BodyLimits &
  LabelLimits & {
    /** Distinct series one service (`job`) may create; samples of further series are refused. */
    readonly maxSeriesPerService: number;
  };

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxBodyBytes: 16 * 1024 * 1024,
  maxDecodedBytes: 64 * 1024 * 1024,
  maxLabelCount: 64,
  maxLabelNameLength: 256,
  maxLabelValueLength: 4096,
  maxSeriesPerService: 10_000,
};
