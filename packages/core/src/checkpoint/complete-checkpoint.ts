import { withEntries } from "../engine/with-entries.js";
import type { EngineCheckpoint } from "../protocol/engine-checkpoint.js";
import type { Incident } from "../protocol/engine-state.js";
import { err, ok, type Result } from "../result.js";

/**
 * The full checkpoint an incremental one stands for: its state over the live incidents of its base, the
 * ones it holds written over them (new ones last, in its order) and the ones it lists as gone removed.
 */
export function completeCheckpoint(
  base: EngineCheckpoint,
  incremental: EngineCheckpoint,
): Result<EngineCheckpoint, string> {
  if (incremental.base === undefined) return ok(incremental);
  if (base.base !== undefined) return err(`checkpoint ${base.seq} is itself incremental`);
  if (base.seq !== incremental.base.seq)
    return err(`checkpoint ${incremental.seq} is taken over ${incremental.base.seq}, not ${base.seq}`);
  const changes: Record<string, Incident | undefined> = {};
  for (const id of incremental.base.removedIncidents) changes[id] = undefined;
  Object.assign(changes, incremental.state.incidents);
  const { base: _base, ...rest } = incremental;
  return ok({
    ...rest,
    state: { ...incremental.state, incidents: withEntries(base.state.incidents, changes) },
  });
}
