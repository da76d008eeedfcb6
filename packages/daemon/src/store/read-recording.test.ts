import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIALECTS, describeDialect, useDialectFixtures } from "../../test/support/store-dialects.js";
import { openStore } from "./open-store.js";
import { readRecording } from "./read-recording.js";
import type { IncidentRecord } from "./store.js";

const T0 = 1_764_140_000_000;

/** A process journals one event and dies by SIGKILL, leaving the commit in the WAL, not yet in the file. */
async function appendThenKill(file: string): Promise<void> {
  const script = `
    import { openStore } from ${JSON.stringify(new URL("./open-store.ts", import.meta.url).href)};
    const store = await openStore({ kind: "sqlite", file: ${JSON.stringify(file)} });
    await store.appendEvent({ at: ${T0}, type: "Tick", payload: { type: "Tick" } });
    process.kill(process.pid, "SIGKILL");
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const [code, signal] = await once(child, "exit");
  expect({ code, signal }).toEqual({ code: null, signal: "SIGKILL" });
}

function incident(id: string, openedAt: number): IncidentRecord {
  return {
    id,
    service: "web",
    pattern: "uptime_problems",
    symptom: "health_check_failures",
    state: "open",
    status: "YELLOW",
    strike: 1,
    openedAt,
    updatedAt: openedAt,
    resolvedAt: null,
    resolution: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    detail: { id },
  };
}

// More than one page of the reader's, so paging has to carry on from the last seq read.
const EVENT_COUNT = 5_001;

for (const dialect of DIALECTS) {
  describeDialect("readRecording", dialect, () => {
    const { createFixture } = useDialectFixtures(dialect);

    it("reads the whole journal in seq order and every stored incident", async () => {
      const fixture = await createFixture();
      const store = await openStore(fixture.options);
      await store.transaction(async (tx) => {
        for (let n = 1; n <= EVENT_COUNT; n += 1) {
          await tx.appendEvent({ at: T0 + n, type: "Tick", payload: { type: "Tick", n } });
        }
        await tx.upsertIncidents([incident("inc-1", T0)]);
        await tx.upsertIncidents([incident("inc-2", T0 + 5)]);
      });
      await store.close();

      const recording = await readRecording(fixture.options);

      expect(recording.events).toHaveLength(EVENT_COUNT);
      expect(recording.events.map((event) => event.seq)).toEqual(
        Array.from({ length: EVENT_COUNT }, (_, index) => index + 1),
      );
      expect(recording.events.at(-1)).toEqual({
        seq: EVENT_COUNT,
        at: T0 + EVENT_COUNT,
        type: "Tick",
        payload: { type: "Tick", n: EVENT_COUNT },
      });
      expect(recording.incidents.map((record) => record.detail)).toEqual([{ id: "inc-2" }, { id: "inc-1" }]);
    });
  });
}

describe("readRecording: SQLite", () => {
  it("reads what a killed daemon left in the WAL and leaves the database file as it was", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orbt-recording-"));
    try {
      const options = { kind: "sqlite", file: join(dir, "orbt.db") } as const;
      await appendThenKill(options.file);
      const digest = async () =>
        createHash("sha256")
          .update(await readFile(options.file))
          .digest("hex");
      const before = await digest();

      expect((await readRecording(options)).events).toEqual([
        { seq: 1, at: T0, type: "Tick", payload: { type: "Tick" } },
      ]);

      // A writing connection would have checkpointed the WAL into the file on closing.
      expect(await digest()).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails on a missing file and creates none", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orbt-recording-"));
    try {
      const file = join(dir, "orbt.db");
      await expect(readRecording({ kind: "sqlite", file })).rejects.toThrow(/unable to open database file/);
      await expect(access(file)).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
