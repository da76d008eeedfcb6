import * as z from "zod";
import { expecting, name } from "./field-schemas.js";

/**
 * `ha: {enabled, node_id}`: this daemon is one of an HA pair on one Postgres store, leading or following.
 * `node_id` names it in the status and the leadership row; by default its host name and process id.
 */
export const Ha = z
  .strictObject(
    {
      enabled: z
        .boolean(expecting("true or false"))
        .default(false)
        .describe("This daemon is one of an HA pair; only with a Postgres store."),
      node_id: name
        .optional()
        .describe("This node's name in the status and the leadership row; default host name and process id."),
    },
    expecting("a mapping with enabled"),
  )
  .transform((raw) => ({ enabled: raw.enabled, nodeId: raw.node_id ?? null }));

export type HaConfig = z.output<typeof Ha>;
