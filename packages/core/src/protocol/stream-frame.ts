import { z } from "zod";
import { EngineEvent } from "./engine-event.js";
import { EngineState } from "./engine-state.js";
import { HostFrame } from "./fleet.js";
import { IncidentHistory } from "./incident-history.js";

/** The engine state (live incidents only) and the history of resolved ones, both as of `seq`. */
export const SnapshotFrame = z.object({
  type: z.literal("snapshot"),
  seq: z.number().int().nonnegative(),
  state: EngineState,
  history: IncidentHistory,
});
export type SnapshotFrame = z.infer<typeof SnapshotFrame>;

/**
 * One journaled engine event; a client applies it with `step(state, event, at)` and folds the step's
 * effects into its history with `recordHistory`.
 */
export const EventFrame = z.object({
  type: z.literal("event"),
  seq: z.number().int().positive(),
  at: z.number(),
  event: EngineEvent,
});
export type EventFrame = z.infer<typeof EventFrame>;

export const StreamFrame = z.discriminatedUnion("type", [SnapshotFrame, EventFrame, HostFrame]);
export type StreamFrame = z.infer<typeof StreamFrame>;
