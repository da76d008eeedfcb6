import type { EngineState, Incident } from "../protocol/engine-state.js";

type Incidents = EngineState["incidents"];

const LISTED = new WeakMap<Incidents, readonly Incident[]>();

/**
 * The live incidents as a list, made once per incidents object. Listing a record of thousands of keys is
 * slow (V8 sorts its keys each time), and one step passes over the same record many times; states are
 * never changed in place, so a list made once stays true for that record.
 */
export function liveIncidents(state: EngineState): readonly Incident[] {
  const listed = LISTED.get(state.incidents);
  if (listed !== undefined) return listed;
  const made = Object.values(state.incidents);
  LISTED.set(state.incidents, made);
  return made;
}
