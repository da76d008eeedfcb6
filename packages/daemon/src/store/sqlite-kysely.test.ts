import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteKysely } from "./sqlite-kysely.js";

describe("openSqliteKysely", () => {
  const dirs: string[] = [];

  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("creates the data directory and opens the file in WAL mode with NORMAL sync and a busy timeout", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orbt-sqlite-"));
    dirs.push(dir);
    const file = join(dir, "nested", "data", "orbt.db");

    const db = await openSqliteKysely(file, Database);
    try {
      // Result keys come back camelCased by the store's CamelCasePlugin.
      const pragma = async (name: string) => (await sql.raw(`pragma ${name}`).execute(db)).rows[0];
      expect(await pragma("journal_mode")).toEqual({ journalMode: "wal" });
      expect(await pragma("synchronous")).toEqual({ synchronous: 1 });
      expect(await pragma("busy_timeout")).toEqual({ timeout: 5000 });
    } finally {
      await db.destroy();
    }

    // WAL is a property of the file: a later, independent connection sees it too.
    const other = new Database(file, { readonly: true });
    try {
      expect(other.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      other.close();
    }
  });
});
