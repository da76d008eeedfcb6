import type { Logger } from "../create-logger.js";
import type { StoreQueries } from "../store/store.js";

/** The part of a `pg` client the election uses: one session, its own, holding the lock. */
export interface PostgresSession {
  connect(): Promise<unknown>;
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
}

export type LeaderElectionOptions = {
  /** A new session on the store's database, with the store's search_path. */
  readonly openSession: () => PostgresSession;
  readonly store: Pick<StoreQueries, "takeLeadership">;
  readonly nodeId: string;
  readonly log: Logger;
  readonly clock?: () => number;
  /** How often a follower tries the lock. */
  readonly retryMs?: number;
  /** How often the leader shows its session is alive; the server ends a session silent for 3 of these. */
  readonly pingMs?: number;
};

/** The advisory lock's first key, Orbt's; the second is the store's schema, so stores side by side lead apart. */
const LOCK_CLASS = 0x0b_17;

const DEFAULT_RETRY_MS = 250;
const DEFAULT_PING_MS = 1_000;

/**
 * Leadership of an HA pair by `pg_try_advisory_lock`, held by one session of its own: the lock lives exactly
 * as long as that session, so a leader killed, frozen or cut off loses it when the server ends the session
 * (at once for a closed socket; for a silent one after `idle_session_timeout`, 3 pings). Each leadership
 * takes the next epoch, the fencing token the runtime checks in every transaction.
 */
export class LeaderElection {
  #session: PostgresSession | undefined;
  #isClosed = false;
  #pingTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #lose: (error: Error) => void = () => {};
  /** Settles once when leadership, once taken, is lost: the node must stop acting at once. */
  readonly lost: Promise<Error>;

  constructor(private readonly options: LeaderElectionOptions) {
    this.lost = new Promise((resolve) => {
      this.#lose = resolve;
    });
  }

  /** Resolves with the epoch once this node leads; tries again, session and all, until then or `close`. */
  async campaign(): Promise<number> {
    const retryMs = this.options.retryMs ?? DEFAULT_RETRY_MS;
    for (;;) {
      if (this.#isClosed) throw new Error("leader election closed");
      const epoch = await this.#tryLead().catch((err: unknown) => {
        this.options.log.warn({ err }, "leader election: the lock's session failed; trying again");
        this.#dropSession();
        return undefined;
      });
      if (epoch !== undefined) return epoch;
      await new Promise((resolve) => {
        this.#retryTimer = setTimeout(resolve, retryMs);
      });
    }
  }

  async #tryLead(): Promise<number | undefined> {
    const session = this.#session ?? (await this.#openSession());
    const { rows } = await session.query(
      "select pg_try_advisory_lock($1, hashtext(current_schema())) as locked",
      [LOCK_CLASS],
    );
    if (rows[0]?.locked !== true) return undefined;
    const { nodeId, clock = Date.now } = this.options;
    const epoch = await this.options.store.takeLeadership(nodeId, clock());
    this.#watch(session);
    return epoch;
  }

  async #openSession(): Promise<PostgresSession> {
    const session = this.options.openSession();
    // Until it leads, a lost session only means trying again with a new one.
    session.on("error", () => this.#dropSession());
    await session.connect();
    const pingMs = this.options.pingMs ?? DEFAULT_PING_MS;
    await session.query(`set idle_session_timeout = ${3 * pingMs}`);
    this.#session = session;
    return session;
  }

  /** From now on the session is the leadership: its end, an error or a ping left unanswered loses it. */
  #watch(session: PostgresSession): void {
    const pingMs = this.options.pingMs ?? DEFAULT_PING_MS;
    const lose = (why: string) => {
      clearInterval(this.#pingTimer);
      if (!this.#isClosed) this.#lose(new Error(`leadership lost: ${why}`));
    };
    session.on("error", (error) => lose(error.message));
    session.on("end", () => lose("the lock's session ended"));
    let isAnswered = true;
    this.#pingTimer = setInterval(() => {
      if (!isAnswered) return lose(`the lock's session did not answer within ${pingMs} ms`);
      isAnswered = false;
      session.query("select 1").then(
        () => {
          isAnswered = true;
        },
        (error: Error) => lose(error.message),
      );
    }, pingMs);
  }

  #dropSession(): void {
    const session = this.#session;
    this.#session = undefined;
    void session?.end().catch(() => undefined);
  }

  /** Ends the session, which releases the lock if held. */
  async close(): Promise<void> {
    this.#isClosed = true;
    clearInterval(this.#pingTimer);
    clearTimeout(this.#retryTimer);
    const session = this.#session;
    this.#session = undefined;
    await session?.end().catch(() => undefined);
  }
}
