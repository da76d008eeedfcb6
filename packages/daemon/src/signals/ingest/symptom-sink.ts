import type { SymptomCleared, SymptomSeen } from "@orbt/core";

/** Where receivers send symptoms: the engine's dispatch, and whether a source's symptom is open. */
export type SymptomSink = {
  dispatch(event: SymptomSeen | SymptomCleared): Promise<void>;
  isSourceActive(service: string, pattern: string, source: string): boolean;
};
