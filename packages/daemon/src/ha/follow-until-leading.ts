import type { Logger } from "../create-logger.js";
import type { OrbtRuntime } from "../runtime/orbt-runtime.js";
import type { LeaderElection } from "./leader-election.js";

/** How often a follower reads what the leader journaled: the delay its stream and reads have at most. */
const FOLLOW_MS = 200;

export type Following = {
  /** The epoch, once this node leads; the runtime has followed the journal up to then. */
  readonly leads: Promise<number>;
  stop(): void;
};

/** An HA follower: follows the shared journal on a timer while it campaigns, until it leads. */
export function followUntilLeading(election: LeaderElection, runtime: OrbtRuntime, log: Logger): Following {
  let timer: NodeJS.Timeout | undefined;
  let isFollowing = true;
  const followLater = () => {
    timer = setTimeout(() => {
      runtime
        .follow()
        .catch((err: unknown) => log.warn({ err }, "following the journal failed; trying again"))
        .finally(() => {
          if (isFollowing) followLater();
        });
    }, FOLLOW_MS);
  };
  const stop = () => {
    isFollowing = false;
    clearTimeout(timer);
  };
  followLater();
  log.info("following the leader's journal and campaigning for leadership");
  const leads = election.campaign().then((epoch) => {
    stop();
    log.info({ epoch }, "took the leadership");
    return epoch;
  });
  return { leads, stop };
}
