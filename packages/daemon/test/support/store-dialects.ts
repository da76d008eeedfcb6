import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach } from "vitest";
import type { StoreKind, StoreOptions } from "../../src/store/store.js";

const POSTGRES_URL = process.env.ORBT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh, empty database per test, plus a side door to look at it without the Store API. */
export type StoreFixture = {
  readonly options: StoreOptions;
  selectRows(query: string): Promise<unknown[]>;
  dispose(): Promise<void>;
};

export type Dialect = {
  readonly kind: StoreKind;
  /** Why this dialect cannot run here; undefined when it can. */
  readonly unavailableReason: string | undefined;
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

async function createPostgresFixture(): Promise<StoreFixture> {
  const schema = `orbt_test_${randomUUID().replaceAll("-", "")}`;
  await withPostgresClient(POSTGRES_URL, (client) => client.query(`create schema ${schema}`));
  const connectionString = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    options: { kind: "postgres", connectionString },
    selectRows: (query) =>
      withPostgresClient(connectionString, async (client) => (await client.query(query)).rows),
    async dispose() {
      await withPostgresClient(POSTGRES_URL, (client) => client.query(`drop schema ${schema} cascade`));
    },
  };
}

async function probePostgres(): Promise<string | undefined> {
  try {
    await withPostgresClient(POSTGRES_URL, (client) => client.query("select 1"));
    return undefined;
  } catch (error) {
    return `Postgres unreachable at ${POSTGRES_URL} (${String(error)})`;
  }
}

const postgresUnavailableReason = await probePostgres();
if (postgresUnavailableReason !== undefined) {
  console.warn(`\n!!! SKIPPING the Postgres store suites: ${postgresUnavailableReason} !!!\n`);
}

/** Every store dialect; a suite runs once per entry, as kysely's tests loop over theirs. */
export const DIALECTS: readonly Dialect[] = [
  { kind: "sqlite", unavailableReason: undefined, createFixture: createSqliteFixture },
  { kind: "postgres", unavailableReason: postgresUnavailableReason, createFixture: createPostgresFixture },
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

/** The suite's title, saying loudly when the dialect is skipped and why. */
export function dialectTitle(suite: string, dialect: Dialect): string {
  return dialect.unavailableReason === undefined
    ? `${suite}: ${dialect.kind}`
    : `${suite}: ${dialect.kind} SKIPPED, ${dialect.unavailableReason}`;
}
