import { join } from "node:path";
import { err, ok, type Result } from "@orbt/core";
import { parsePostgresUrl } from "../store/postgres-url.js";
import type { StoreOptions } from "../store/store.js";
import type { ConfigProblem } from "./config-problem.js";
import type { OrbtConfig } from "./orbt-config.js";

/** The environment variable that names a Postgres store, over the config's `store.postgres`. */
export const STORE_URL_VARIABLE = "ORBT_STORE_URL";

/**
 * Which store to open: Postgres at `storeUrl` (the value of ORBT_STORE_URL) when it is set and not
 * empty, else at the config's `store.postgres`, else SQLite at `data_dir/orbt.db`.
 */
export function resolveStoreOptions(
  config: Pick<OrbtConfig, "dataDir" | "store">,
  storeUrl: string | undefined,
): Result<StoreOptions, ConfigProblem> {
  if (storeUrl !== undefined && storeUrl !== "") {
    const parsed = parsePostgresUrl(storeUrl);
    if (!parsed.ok) {
      return err({
        code: "invalid_value",
        file: STORE_URL_VARIABLE,
        line: 0,
        path: "store.postgres",
        message: parsed.error.message,
      });
    }
    return ok({ kind: "postgres", connectionString: parsed.value });
  }
  if (config.store !== undefined) return ok({ kind: "postgres", connectionString: config.store.postgres });
  return ok({ kind: "sqlite", file: join(config.dataDir, "orbt.db") });
}
