import { EventEmitter } from "node:events";
import type { PostgresPoolClient } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openPostgresKysely, type PostgresLibrary } from "./postgres-kysely.js";

type PoolConfig = ConstructorParameters<PostgresLibrary["Pool"]>[0];

/** Records what the store hands to `pg` and never connects. */
function createFakeLibrary() {
  const created: { config: PoolConfig; pool: EventEmitter }[] = [];
  const textParser = (value: string) => `text:${value}`;
  const library: PostgresLibrary = {
    Pool: class extends EventEmitter {
      constructor(config: PoolConfig) {
        super();
        created.push({ config, pool: this });
      }
      connect(): Promise<PostgresPoolClient> {
        return Promise.reject(new Error("the fake pool never connects"));
      }
      async end(): Promise<void> {}
    },
    types: { getTypeParser: () => textParser },
  };
  return { library, created, textParser };
}

describe("openPostgresKysely", () => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function open(library: PostgresLibrary) {
    const db = openPostgresKysely("postgres://orbt@127.0.0.1:5432/orbt", library);
    cleanups.push(() => db.destroy());
  }

  it("parses int8 columns as numbers and leaves other types to pg", () => {
    const { library, created, textParser } = createFakeLibrary();

    open(library);

    expect(created).toHaveLength(1);
    const { config } = created[0]!;
    expect(config.connectionString).toBe("postgres://orbt@127.0.0.1:5432/orbt");
    const parseInt8 = config.types.getTypeParser(20) as (value: string) => unknown;
    expect(parseInt8("1764140000000")).toBe(1_764_140_000_000);
    expect(config.types.getTypeParser(25)).toBe(textParser);
  });

  it("survives an idle client error instead of crashing the process", () => {
    const { library, created } = createFakeLibrary();

    open(library);

    expect(() =>
      created[0]?.pool.emit("error", new Error("terminating connection due to administrator command")),
    ).not.toThrow();
  });
});
