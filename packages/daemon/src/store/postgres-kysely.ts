import { CamelCasePlugin, Kysely, PostgresDialect, type PostgresPool } from "kysely";
import type { StoreSchema } from "./store-schema.js";

type PostgresGetTypeParser = (oid: number, format?: "text" | "binary") => unknown;

interface PostgresEventedPool extends PostgresPool {
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** The part of the `pg` module the store uses. */
export interface PostgresLibrary {
  readonly Pool: new (config: {
    connectionString: string;
    types: { getTypeParser: PostgresGetTypeParser };
  }) => PostgresEventedPool;
  readonly types: { readonly getTypeParser: PostgresGetTypeParser };
}

const PG_INT8_OID = 20;

/**
 * pg returns int8 as a string to protect values beyond 2^53; ours are ms timestamps and journal seqs,
 * so numbers are exact. Scoped to this pool instead of pg's process-wide parser registry.
 */
function parseInt8(value: string): number {
  return Number(value);
}

export function openPostgresKysely(connectionString: string, pg: PostgresLibrary): Kysely<StoreSchema> {
  const pool = new pg.Pool({
    connectionString,
    types: {
      getTypeParser: (oid, format) => (oid === PG_INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)),
    },
  });
  // An idle client dropped by the server (restart, failover) would otherwise be an unhandled 'error'
  // event that kills the daemon. The pool discards that client; the next query reconnects or fails itself.
  pool.on("error", () => {});
  return new Kysely<StoreSchema>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
}
