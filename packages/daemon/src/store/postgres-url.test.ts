import { describe, expect, it } from "vitest";
import { parsePostgresUrl } from "./postgres-url.js";

describe("parsePostgresUrl", () => {
  it.each([
    "postgres://orbt@127.0.0.1:5432/orbt",
    "postgresql://orbt:secret@db.internal/orbt?sslmode=require",
  ])("takes %s as it is", (url) => {
    expect(parsePostgresUrl(url)).toEqual({ ok: true, value: url });
  });

  it.each([
    ["mysql://orbt:secret@db/orbt", 'expected a postgres:// URL, got a URL with scheme "mysql"'],
    ["orbt:secret@db/orbt", 'expected a postgres:// URL, got a URL with scheme "orbt"'],
    ["host=db dbname=orbt", "expected a postgres:// URL, got text that is not a URL"],
    ["", "expected a postgres:// URL, got text that is not a URL"],
  ])("refuses %j without quoting it back", (text, message) => {
    expect(parsePostgresUrl(text)).toEqual({ ok: false, error: { code: "invalid_postgres_url", message } });
  });
});
