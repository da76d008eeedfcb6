import { z } from "zod";
import { EngineEvent } from "./engine-event.js";
import { EngineState } from "./engine-state.js";

export const SnapshotFrame = z.object({
  type: z.literal("snapshot"),
  seq: z.number().int().nonnegative(),
  state: EngineState,
});
export type SnapshotFrame = z.infer<typeof SnapshotFrame>;

/** One journaled engine event; a client applies it with `step(state, event, at)`. */
export const EventFrame = z.object({
  type: z.literal("event"),
  seq: z.number().int().positive(),
  at: z.number(),
  event: EngineEvent,
});
export type EventFrame = z.infer<typeof EventFrame>;

export const StreamFrame = z.discriminatedUnion("type", [SnapshotFrame, EventFrame]);
export type StreamFrame = z.infer<typeof StreamFrame>;
