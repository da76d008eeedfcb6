import type { HaStatus } from "@orbt/core";
import type { StoreQueries } from "../store/store.js";

/** This node's role, as its runtime is in charge or follows, and the latest leader as the store has it. */
export async function readHaStatus(
  store: Pick<StoreQueries, "readLeadership">,
  nodeId: string,
  isLeader: boolean,
): Promise<HaStatus> {
  const leadership = await store.readLeadership();
  const hasLeader = leadership.epoch > 0;
  return {
    nodeId,
    role: isLeader ? "leader" : "follower",
    epoch: leadership.epoch,
    leader: hasLeader ? leadership.nodeId : null,
    leaderSince: hasLeader ? leadership.acquiredAt : null,
  };
}
