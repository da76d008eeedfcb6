import { z } from "zod";

/** The six areas of the source system's production readiness assessment. */
export const ReadinessArea = z.enum([
  "availability",
  "performance",
  "security",
  "scalability",
  "monitoring",
  "disaster_recovery",
]);
export type ReadinessArea = z.infer<typeof ReadinessArea>;

/** met: the fact holds; missing: it does not; unknown: nothing recorded can tell (scored as missing). */
export const ReadinessStatus = z.enum(["met", "missing", "unknown"]);
export type ReadinessStatus = z.infer<typeof ReadinessStatus>;

export const ReadinessFinding = z.object({
  fact: z.string(),
  status: ReadinessStatus,
  detail: z.string(),
  /** A config key to set or a command to run; null when the fact is met. */
  fix: z.string().nullable(),
});
export type ReadinessFinding = z.infer<typeof ReadinessFinding>;

export const ReadinessAreaScore = z.object({
  area: ReadinessArea,
  score: z.number().int().min(0).max(100),
  findings: z.array(ReadinessFinding),
});
export type ReadinessAreaScore = z.infer<typeof ReadinessAreaScore>;

/** `orbtd readiness --json` and `GET /api/v1/readiness`. */
export const ReadinessAssessment = z.object({
  project: z.string(),
  environment: z.string(),
  assessed_at: z.string(),
  score: z.number().int().min(0).max(100),
  areas: z.array(ReadinessAreaScore),
});
export type ReadinessAssessment = z.infer<typeof ReadinessAssessment>;

const ServiceSlaFacts = z.object({
  uptimePercent: z.number().nullable(),
  latencyP99Ms: z.number().nullable(),
});

/** What the daemon gathers from config, store and runtime for an assessment. */
export const ReadinessFacts = z.object({
  project: z.string(),
  environment: z.string(),
  store: z.enum(["sqlite", "postgres"]),
  /** `ha.enabled`: daemons on the store elect one leader, and another takes over when it is lost. */
  ha: z.boolean(),
  services: z.array(
    z.object({
      name: z.string(),
      hasCheck: z.boolean(),
      /** A heartbeat, a scrape target or a request rate query. */
      hasSignalSource: z.boolean(),
      /** The service's `sla:`; null without one. */
      sla: ServiceSlaFacts.nullable(),
      /** Measured over the window; null where nothing recorded it. */
      measured: ServiceSlaFacts,
      hasScalingRemedy: z.boolean(),
    }),
  ),
  ruleFiles: z.array(
    z.object({
      file: z.string(),
      /** The `orbtd test` file next to it by convention; null when there is none. */
      testFile: z.string().nullable(),
      /** The test file's failures, empty when it passed; null without a test file. */
      testErrors: z.array(z.string()).nullable(),
    }),
  ),
  tokens: z.array(z.object({ name: z.string(), role: z.string() })),
  listenHost: z.string(),
  certificates: z.array(
    z.object({
      service: z.string(),
      target: z.string(),
      /** From the latest probe; null before one ran. */
      daysLeft: z.number().nullable(),
    }),
  ),
  /** Faults injected by drills that ran to their end in the drill window, and how many were detected; null when the store could not be read. */
  drills: z
    .object({ injected: z.number().int().nonnegative(), detected: z.number().int().nonnegative() })
    .nullable(),
  /** null without `backup:`. */
  backup: z
    .object({
      dir: z.string(),
      /** The newest backup file's age; null when the directory holds none. */
      newestAgeMs: z.number().nonnegative().nullable(),
      /** How long ago `orbtd restore` last restored one of its backups and verified the copy; null: never. */
      restoreTestedAgeMs: z.number().nonnegative().nullable(),
    })
    .nullable(),
});
export type ReadinessFacts = z.infer<typeof ReadinessFacts>;
