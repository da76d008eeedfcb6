import type { Drill } from "../protocol/drill.js";
import type { EngineState, Incident } from "../protocol/engine-state.js";
import type { ReadinessAssessment } from "../protocol/readiness.js";

/** One probe of a check, as the daemon saw it. */
export type CheckSample = {
  readonly service: string;
  readonly at: number;
  readonly ok: boolean;
  readonly latencyMs: number;
};

/** What a service promises and what its downtime costs, from its config; null where not configured. */
export type ServiceCommitments = {
  readonly uptimePercent: number | null;
  readonly latencyP99Ms: number | null;
  readonly costPerHourDown: number | null;
};

/** Everything a domain report is computed from; the daemon gathers it, the builder only reads it. */
export type ReportFacts = {
  readonly id: string;
  readonly name: string;
  /** Live incidents, services, knowledge, deploys. */
  readonly state: EngineState;
  /** Resolved incidents from the store that may overlap the window (the live ones are in `state`). */
  readonly resolvedIncidents: readonly Incident[];
  readonly checks: readonly CheckSample[];
  /** Per service, the p99 of its span durations over the window, where spans arrive. */
  readonly spanP99Ms: Readonly<Record<string, number>>;
  readonly commitments: Readonly<Record<string, ServiceCommitments>>;
  readonly security: {
    readonly bindAddress: string;
    readonly tokens: readonly { readonly name: string; readonly role: string }[];
    /** Per service, the latest expiry of a certificate its TLS checks were shown. */
    readonly certificateExpiresAt: Readonly<Record<string, number>>;
  };
  /** The quality-control drills that may have started in the window. */
  readonly drills: readonly Drill[];
  /** The production readiness assessment when the report was built; null where none could be made. */
  readonly readiness: ReadinessAssessment | null;
};

/** Facts from the engine's state and resolved incidents alone: no probes, spans, SLAs or tokens, on loopback. */
export function engineOnlyFacts(
  facts: Pick<ReportFacts, "id" | "name" | "state" | "resolvedIncidents">,
): ReportFacts {
  return {
    ...facts,
    checks: [],
    spanP99Ms: {},
    commitments: {},
    security: { bindAddress: "127.0.0.1", tokens: [], certificateExpiresAt: {} },
    drills: [],
    readiness: null,
  };
}
