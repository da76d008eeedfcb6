import type { SymptomCleared, SymptomSeen } from "../protocol/engine-event.js";
import type { EngineState } from "../protocol/engine-state.js";

/** A symptom a detector raises or clears, through the same path as a check's. */
export type DetectedSymptom = SymptomSeen | SymptomCleared;

/** What a detector found: the state it noted, and the symptoms to raise or clear in order. */
export type Detection = { readonly state: EngineState; readonly symptoms: readonly DetectedSymptom[] };
