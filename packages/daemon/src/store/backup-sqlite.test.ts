import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { makeWorkDir } from "../../test/support/orbtd-process.js";
import { backupSqlite, listBackups } from "./backup-sqlite.js";
import { restoreSqlite } from "./restore-sqlite.js";

async function storeWithEvents(count: number): Promise<string> {
  const file = join(await makeWorkDir(), "orbt.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE events (seq INTEGER PRIMARY KEY, type TEXT); CREATE TABLE incidents (id TEXT)");
  for (let seq = 1; seq <= count; seq++) db.prepare("INSERT INTO events (type) VALUES ('SymptomSeen')").run();
  db.prepare("INSERT INTO incidents (id) VALUES ('inc-1')").run();
  // Left open: the backup reads it while it is in use, its last writes still in the WAL.
  return file;
}

describe("backupSqlite", () => {
  it("writes a named, complete copy and keeps only the newest `keep`", async () => {
    const dbFile = await storeWithEvents(3);
    const dir = join(await makeWorkDir(), "backups");
    const written = [];
    for (const nowMs of [1_000, 2_000, 3_000]) {
      written.push(await backupSqlite(Database, { dbFile, dir, keep: 2, nowMs }));
    }
    expect(written.map((each) => each.removed)).toEqual([[], [], ["orbt-19700101T000001000Z.db"]]);
    expect(await listBackups(dir)).toEqual(["orbt-19700101T000002000Z.db", "orbt-19700101T000003000Z.db"]);

    const dataDir = join(await makeWorkDir(), "data");
    const restored = await restoreSqlite(Database, { backupFile: written[2]!.file, dataDir });
    expect(restored).toEqual({
      ok: true,
      value: { file: join(dataDir, "orbt.db"), events: 3, incidents: 1 },
    });
    expect(await restoreSqlite(Database, { backupFile: written[2]!.file, dataDir })).toMatchObject({
      ok: false,
      error: { code: "data_dir_not_empty" },
    });
  });
});
