import { describe, expect, it } from "vitest";
import { configProblemLines, parseValidConfig } from "../../test/support/config-text.js";
import { formatConfigProblem } from "./config-problem.js";
import { resolveStoreOptions } from "./resolve-store-options.js";

const PG = "postgres://orbt@127.0.0.1:5432/orbt";
const OTHER_PG = "postgresql://orbt@db.internal:5432/orbt";

describe("the store config key", () => {
  it("is absent by default, and takes a postgres URL", () => {
    expect(parseValidConfig("project: shop\n").store).toBeUndefined();
    expect(parseValidConfig(`store: { postgres: "${PG}" }\n`).store).toEqual({ postgres: PG });
  });

  it.each([
    [
      'store: { postgres: "mysql://orbt:secret@db/orbt" }',
      'store.postgres: expected a postgres:// URL, got a URL with scheme "mysql"',
    ],
    ["store: { postgres: 5432 }", "store.postgres: expected a postgres:// URL, got 5432"],
    ["store: {}", "store.postgres: required"],
    ["store: { sqlite: ./orbt.db }", 'store.sqlite: unknown key "sqlite"'],
    ["store: postgres", 'store: expected a mapping, got "postgres"'],
  ])("refuses %s", (line, problem) => {
    expect(configProblemLines(`project: shop\n${line}\n`)).toContain(`orbt.yaml:2 ${problem}`);
  });
});

describe("resolveStoreOptions", () => {
  it("opens SQLite under data_dir without store or ORBT_STORE_URL", () => {
    expect(
      resolveStoreOptions(parseValidConfig("data_dir: ./data\n", "/etc/orbt/orbt.yaml"), undefined),
    ).toEqual({
      ok: true,
      value: { kind: "sqlite", file: "/etc/orbt/data/orbt.db" },
    });
  });

  it("opens the config's Postgres, unless ORBT_STORE_URL names another; an empty variable counts as unset", () => {
    const config = parseValidConfig(`store: { postgres: "${PG}" }\n`);
    expect(resolveStoreOptions(config, undefined)).toEqual({
      ok: true,
      value: { kind: "postgres", connectionString: PG },
    });
    expect(resolveStoreOptions(config, "")).toEqual({
      ok: true,
      value: { kind: "postgres", connectionString: PG },
    });
    expect(resolveStoreOptions(config, OTHER_PG)).toEqual({
      ok: true,
      value: { kind: "postgres", connectionString: OTHER_PG },
    });
    expect(resolveStoreOptions(parseValidConfig("project: shop\n"), OTHER_PG)).toEqual({
      ok: true,
      value: { kind: "postgres", connectionString: OTHER_PG },
    });
  });

  it("refuses an ORBT_STORE_URL that is not a postgres URL, naming the variable and store.postgres", () => {
    const resolved = resolveStoreOptions(
      parseValidConfig("project: shop\n"),
      "sqlite:///var/lib/orbt/orbt.db",
    );
    expect(resolved.ok ? "resolved" : formatConfigProblem(resolved.error)).toBe(
      'ORBT_STORE_URL store.postgres: expected a postgres:// URL, got a URL with scheme "sqlite"',
    );
  });
});
