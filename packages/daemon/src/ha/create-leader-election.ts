import type { Logger } from "../create-logger.js";
import type { StoreQueries } from "../store/store.js";
import { LeaderElection } from "./leader-election.js";

const CONNECT_TIMEOUT_MS = 3_000;

/** The election over the store's own database and schema, on sessions of pg's, loaded only for HA. */
export async function createLeaderElection(
  connectionString: string,
  store: Pick<StoreQueries, "takeLeadership">,
  nodeId: string,
  log: Logger,
): Promise<LeaderElection> {
  const { default: pg } = await import("pg");
  return new LeaderElection({
    openSession: () =>
      new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true }),
    store,
    nodeId,
    log,
  });
}
