import { describe, expect, it } from "vitest";
import { configProblemLines, parseValidConfig } from "../../test/support/config-text.js";
import { backupDirOf } from "./backup-config.js";

describe("backup", () => {
  it("is off by default, and keeps 7 backups in data_dir/backups unless told otherwise", () => {
    expect(parseValidConfig("{}").backup).toBeNull();
    const config = parseValidConfig(
      'data_dir: /var/lib/orbt\nbackup: { schedule: "0 3 * * *" }\n',
      "/etc/orbt/orbt.yaml",
    );
    expect(config.backup).toEqual({ schedule: "0 3 * * *", keep: 7, dir: null });
    expect(backupDirOf({ dataDir: config.dataDir, backup: config.backup! })).toBe("/var/lib/orbt/backups");
  });

  it("resolves a relative dir against the config file's directory", () => {
    const config = parseValidConfig(
      'backup: { schedule: "0 3 * * *", keep: 3, dir: ../backups }\n',
      "/etc/orbt/orbt.yaml",
    );
    expect(config.backup).toEqual({ schedule: "0 3 * * *", keep: 3, dir: "/etc/backups" });
  });

  it("names a bad schedule, keep or key", () => {
    expect(configProblemLines('backup:\n  schedule: "every night"\n  keep: 0\n  dirr: /tmp\n')).toEqual([
      'orbt.yaml:2 backup.schedule: expected a cron expression like "0 2 * * 0" (minute hour day month weekday, seconds optional first), got "every night"',
      "orbt.yaml:3 backup.keep: expected an integer >= 1, got 0",
      'orbt.yaml:4 backup.dirr: unknown key "dirr"',
    ]);
    expect(configProblemLines("backup: nightly\n")).toEqual([
      'orbt.yaml:1 backup: expected a mapping with schedule, got "nightly"',
    ]);
  });
});
