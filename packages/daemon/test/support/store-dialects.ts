import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach } from "vitest";
import type { StoreKind, StoreOptions } from "../../src/store/store.js";
import { describeWithPeers, findPostgres, type PeerLookup } from "./peers.js";

/** A fresh, empty database per test, plus a side door to look at it without the Store API. */
export type StoreFixture = {
  readonly options: StoreOptions;
  selectRows(query: string): Promise<unknown[]>;
  dispose(): Promise<void>;
};

export type Dialect = {
  readonly kind: StoreKind;
  /** The servers the dialect needs: without them its suites skip, or fail under CI. */
  readonly peers: Readonly<Record<string, PeerLookup<unknown>>>;
  createFixture(): Promise<StoreFixture>;
};

async function createSqliteFixture(): Promise<StoreFixture> {
  const dir = await mkdtemp(join(tmpdir(), "orbt-store-"));
  const file = join(dir, "data", "orbt.db");
  return {
    options: { kind: "sqlite", file },
    async selectRows(query) {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare(query).all();
      } finally {
        db.close();
      }
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function withPostgresClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const postgres = await findPostgres((url) => withPostgresClient(url, (client) => client.query("select 1")));

function uniqueName(): string {
  return `orbt_test_${randomUUID().replaceAll("-", "")}`;
}

/**
 * The test file's own database, created for its first Postgres fixture and dropped after the file. Kysely's
 * migrator reads the catalog of every schema in a database and fails when a schema is dropped meanwhile,
 * so test files running at once (here or in another checkout against the same server) never share one.
 */
let fileDatabase: Promise<string> | undefined;

async function createFileDatabase(serverUrl: string): Promise<string> {
  const name = uniqueName();
  await withPostgresClient(serverUrl, (client) => client.query(`create database ${name}`));
  return name;
}

afterAll(async () => {
  const name = await fileDatabase?.catch(() => undefined);
  if (name === undefined || postgres.status !== "found") return;
  await withPostgresClient(postgres.peer, (client) => client.query(`drop database ${name} with (force)`));
});

async function createPostgresFixture(): Promise<StoreFixture> {
  if (postgres.status !== "found") throw new Error(postgres.reason);
  fileDatabase ??= createFileDatabase(postgres.peer);
  const databaseUrl = new URL(postgres.peer);
  databaseUrl.pathname = `/${await fileDatabase}`;
  const schema = uniqueName();
  await withPostgresClient(databaseUrl.href, (client) => client.query(`create schema ${schema}`));
  const connectionString = `${databaseUrl.href}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    options: { kind: "postgres", connectionString },
    selectRows: (query) =>
      withPostgresClient(connectionString, async (client) => (await client.query(query)).rows),
    async dispose() {
      await withPostgresClient(databaseUrl.href, (client) => client.query(`drop schema ${schema} cascade`));
    },
  };
}

/** Postgres at ORBT_TEST_POSTGRES_URL (default 127.0.0.1:5432, db `test`): a fresh schema per fixture. */
export const POSTGRES_DIALECT: Dialect = {
  kind: "postgres",
  peers: { postgres },
  createFixture: createPostgresFixture,
};

/** Every store dialect; a suite runs once per entry, as kysely's tests loop over theirs. */
export const DIALECTS: readonly Dialect[] = [
  { kind: "sqlite", peers: {}, createFixture: createSqliteFixture },
  POSTGRES_DIALECT,
];

export type DialectFixtures = {
  /** A fresh, empty database of the dialect, dropped after the test. */
  createFixture(): Promise<StoreFixture>;
  /** Runs after the test, before what was deferred earlier: a store closes before its database is dropped. */
  defer(cleanup: () => Promise<void>): void;
};

/** Call in a suite's body: the returned fixtures are cleaned up after each of its tests. */
export function useDialectFixtures(dialect: Dialect): DialectFixtures {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async createFixture() {
      const fixture = await dialect.createFixture();
      cleanups.push(() => fixture.dispose());
      return fixture;
    },
    defer: (cleanup) => cleanups.push(cleanup),
  };
}

/** The suite `suite` for `dialect`, run only where its servers are found. */
export function describeDialect(suite: string, dialect: Dialect, body: () => void): void {
  describeWithPeers(dialect.peers, `${suite}: ${dialect.kind}`, body);
}
