import { err, ok, type Result } from "@orbt/core";

export type PostgresUrlError = { readonly code: "invalid_postgres_url"; readonly message: string };

/**
 * `text` when it is a Postgres connection URL (`postgres://` or `postgresql://`, as pg takes them).
 * The message names only the scheme of a wrong URL: the rest of it may hold a password.
 */
export function parsePostgresUrl(text: string): Result<string, PostgresUrlError> {
  const protocol = URL.canParse(text) ? new URL(text).protocol : undefined;
  if (protocol === "postgres:" || protocol === "postgresql:") return ok(text);
  const got =
    protocol === undefined ? "text that is not a URL" : `a URL with scheme "${protocol.slice(0, -1)}"`;
  return err({ code: "invalid_postgres_url", message: `expected a postgres:// URL, got ${got}` });
}
