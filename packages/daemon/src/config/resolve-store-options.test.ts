import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "./config-problem.js";
import { parseConfigText } from "./parse-config-text.js";
import { resolveStoreOptions } from "./resolve-store-options.js";

const PG = "postgres://orbt@127.0.0.1:5432/orbt";
const OTHER_PG = "postgresql://orbt@db.internal:5432/orbt";

function parse(text: string) {
  const parsed = parseConfigText(text, "/etc/orbt/orbt.yaml");
  if (!parsed.ok) throw new Error(parsed.error.map(formatConfigProblem).join("; "));
  return parsed.value;
}

function problems(text: string): string[] {
  const parsed = parseConfigText(text, "orbt.yaml");
  return parsed.ok ? [] : parsed.error.map(formatConfigProblem);
}

describe("the store config key", () => {
  it("is absent by default, and takes a postgres URL", () => {
    expect(parse("project: shop\n").store).toBeUndefined();
    expect(parse(`store: { postgres: "${PG}" }\n`).store).toEqual({ postgres: PG });
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
    expect(problems(`project: shop\n${line}\n`)).toContain(`orbt.yaml:2 ${problem}`);
  });
});

describe("resolveStoreOptions", () => {
  it("opens SQLite under data_dir without store or ORBT_STORE_URL", () => {
    expect(resolveStoreOptions(parse("data_dir: ./data\n"), undefined)).toEqual({
      ok: true,
      value: { kind: "sqlite", file: "/etc/orbt/data/orbt.db" },
    });
  });

  it("opens the config's Postgres, unless ORBT_STORE_URL names another; an empty variable counts as unset", () => {
    const config = parse(`store: { postgres: "${PG}" }\n`);
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
    expect(resolveStoreOptions(parse("project: shop\n"), OTHER_PG)).toEqual({
      ok: true,
      value: { kind: "postgres", connectionString: OTHER_PG },
    });
  });

  it("refuses an ORBT_STORE_URL that is not a postgres URL, naming the variable and store.postgres", () => {
    const resolved = resolveStoreOptions(parse("project: shop\n"), "sqlite:///var/lib/orbt/orbt.db");
    expect(resolved.ok ? "resolved" : formatConfigProblem(resolved.error)).toBe(
      'ORBT_STORE_URL store.postgres: expected a postgres:// URL, got a URL with scheme "sqlite"',
    );
  });
});
