import pg from "pg";
import { expect, it } from "vitest";
import {
  describeDialect,
  POSTGRES_DIALECT,
  type StoreFixture,
  useDialectFixtures,
} from "../../test/support/store-dialects.js";
import { waitFor } from "../../test/support/wait-for.js";
import { createLogger } from "../create-logger.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { LeaderElection } from "./leader-election.js";

const log = createLogger({ level: "silent", destination: { write: () => true } });

describeDialect("LeaderElection", POSTGRES_DIALECT, () => {
  const { createFixture, defer } = useDialectFixtures(POSTGRES_DIALECT);

  async function openPair(): Promise<{
    fixture: StoreFixture;
    store: Store;
    elect(nodeId: string): LeaderElection;
  }> {
    const fixture = await createFixture();
    if (fixture.options.kind !== "postgres") throw new Error("expected a Postgres fixture");
    const { connectionString } = fixture.options;
    const store = await openStore(fixture.options);
    defer(() => store.close());
    return {
      fixture,
      store,
      elect(nodeId) {
        const election = new LeaderElection({
          openSession: () => new pg.Client({ connectionString }),
          store,
          nodeId,
          log,
          retryMs: 20,
          pingMs: 100,
        });
        defer(() => election.close());
        return election;
      },
    };
  }

  it("lets one node lead at a time, the next with the next epoch once the first lets go", async () => {
    const { fixture, store, elect } = await openPair();
    const first = elect("node-a");
    const second = elect("node-b");

    expect(await first.campaign()).toBe(1);
    let secondEpoch: number | undefined;
    const campaigning = second.campaign().then((epoch) => {
      secondEpoch = epoch;
    });
    // The second node's session asked for the lock and was answered: it does not lead.
    await waitFor("the second node to try the lock", async () => {
      const tried = await fixture.selectRows(`select 1 from pg_stat_activity
        where datname = current_database() and state = 'idle' and query like 'select pg_try_advisory_lock%'
        and pid not in (select pid from pg_locks where locktype = 'advisory' and granted)`);
      return tried.length > 0 ? true : undefined;
    });
    expect(secondEpoch).toBeUndefined();

    await first.close();
    await campaigning;
    expect(secondEpoch).toBe(2);
    expect(await store.readLeadership()).toMatchObject({ epoch: 2, nodeId: "node-b" });
  });

  it("loses the leadership when the server ends its session, and another node takes it", async () => {
    const { fixture, elect } = await openPair();
    const leader = elect("node-a");
    expect(await leader.campaign()).toBe(1);
    const follower = elect("node-b");
    const takeover = follower.campaign();

    // Like a network cut the server noticed: the session holding the lock is gone.
    const [terminated] =
      await fixture.selectRows(`select pg_terminate_backend(pid) as terminated from pg_locks
      where locktype = 'advisory' and granted
        and database = (select oid from pg_database where datname = current_database())`);
    expect(terminated).toEqual({ terminated: true });
    expect(await leader.lost).toBeInstanceOf(Error);
    expect(await takeover).toBe(2);
  });
});
