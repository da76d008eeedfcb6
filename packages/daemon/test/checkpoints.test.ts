import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { IncidentsResponse } from "@orbt/core";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { getJson, killAfterEach, makeWorkDir, runOrbtd, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();

async function configFor(dir: string, yaml: string): Promise<string> {
  const dataDir = JSON.stringify(join(dir, "data"));
  return writeConfig(
    dir,
    `listen: 127.0.0.1:${await freePort()}\ndata_dir: ${dataDir}\notlp: false\n${yaml}`,
  );
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${url}: ${response.status} ${await response.text()}`).toBe(true);
}

const failing = (url: string, service: string) =>
  post(`${url}/api/v1/health`, { service, status: "failing" });

async function liveIncidents(url: string): Promise<string[]> {
  const { incidents } = await getJson<IncidentsResponse>(`${url}/api/v1/incidents?state=escalated`);
  return incidents.map((incident) => `${incident.id} ${incident.service}`).sort();
}

/** Health reports are taken (202) before the engine has them: waits until it shows `count` incidents. */
async function incidentsOnceOpen(url: string, count: number): Promise<string[]> {
  return waitFor(`${count} escalated incidents`, async () => {
    const listed = await liveIncidents(url);
    return listed.length === count ? listed : undefined;
  });
}

/** A daemon on `yaml` in a new directory with `count` services reported failing, and their incidents. */
async function startWithIncidents(yaml: string, count: number) {
  const dir = await makeWorkDir();
  const config = await configFor(dir, yaml);
  const first = await daemons.start(config);
  for (let i = 0; i < count; i += 1) await failing(first.url, `svc-${i}`);
  return { dir, config, first, before: await incidentsOnceOpen(first.url, count) };
}

/** Ten incidents, a checkpoint every four rows, two kept, and a kill -9. */
async function killedWithCheckpoints() {
  const { dir, config, first, before } = await startWithIncidents("checkpoints: { every: 4, keep: 2 }\n", 10);
  first.child.kill("SIGKILL");
  await first.exited;
  return { dataDir: join(dir, "data"), config, before };
}

function selectAll(dataDir: string, query: string): unknown[] {
  const db = new Database(join(dataDir, "orbt.db"), { readonly: true });
  try {
    return db.prepare(query).all();
  } finally {
    db.close();
  }
}

describe("engine checkpoints", () => {
  it("after kill -9 a start replays only the rows after the newest checkpoint and serves the same incidents; a corrupt checkpoint falls back", async () => {
    const { dataDir, config, before } = await killedWithCheckpoints();
    const [{ seq: lastSeq }] = selectAll(dataDir, "select max(seq) as seq from events") as [{ seq: number }];
    const kept = selectAll(dataDir, "select seq from checkpoints order by seq desc") as { seq: number }[];
    expect(kept).toHaveLength(2);
    const newest = kept[0]!.seq;
    expect(newest).toBeLessThanOrEqual(lastSeq);

    const second = await daemons.start(config);
    expect(await liveIncidents(second.url)).toEqual(before);
    expect(second.output()).toContain(`"seq":${newest},"baseSeq":${newest},"msg":"resuming from checkpoint"`);
    expect(second.output()).toContain(
      `"replayed":${lastSeq - newest},"seq":${lastSeq},"msg":"journal replayed"`,
    );
    await failing(second.url, "svc-10");
    await incidentsOnceOpen(second.url, 11);
    second.child.kill("SIGKILL");
    await second.exited;

    const [{ seq: corrupted }] = selectAll(dataDir, "select max(seq) as seq from checkpoints") as [
      { seq: number },
    ];
    const db = new Database(join(dataDir, "orbt.db"));
    db.prepare("update checkpoints set body = ? where seq = ?").run('{"version":1,"seq":', corrupted);
    db.close();

    const third = await daemons.start(config);
    expect(await liveIncidents(third.url)).toEqual([...before, "inc-11 svc-10"].sort());
    expect(third.output()).toContain(`"seq":${corrupted}`);
    expect(third.output()).toContain(
      "checkpoint unreadable: falling back to an older one or the whole journal",
    );
  });

  it("between full checkpoints writes incremental ones, holding only the incidents changed since; a start completes one over its base, or falls back when the base is unreadable", async () => {
    // Without cascade pages, an incident changes only when it opens.
    const yaml = `checkpoints: { every: 12, incremental_every: 3, keep: 2 }
escalation: { triggers: { cascading_system_failure: false } }
`;
    const { dir, config, first, before } = await startWithIncidents(yaml, 10);
    first.child.kill("SIGKILL");
    await first.exited;
    const dataDir = join(dir, "data");
    const [{ seq: lastSeq }] = selectAll(dataDir, "select max(seq) as seq from events") as [{ seq: number }];
    const rows = selectAll(
      dataDir,
      "select seq, base_seq as baseSeq, body from checkpoints order by seq desc",
    ) as {
      seq: number;
      baseSeq: number | null;
      body: string;
    }[];
    const [incremental, base] = rows;
    expect(incremental?.baseSeq).toBe(base?.seq);
    expect(base?.baseSeq).toBeNull();
    expect(lastSeq - incremental!.seq).toBeLessThan(3);
    const incidentsOf = (body: string) =>
      Object.keys((JSON.parse(body) as { state: { incidents: object } }).state.incidents);
    // The incremental one holds the incidents opened since its base, and none the base holds unchanged.
    const live = before.map((line) => line.split(" ")[0]);
    const inBase = incidentsOf(base!.body);
    const sinceBase = incidentsOf(incremental!.body);
    expect(inBase).toContain("inc-1");
    expect(sinceBase).not.toEqual([]);
    expect(sinceBase.filter((id) => inBase.includes(id) || !live.includes(id))).toEqual([]);

    const second = await daemons.start(config);
    expect(await liveIncidents(second.url)).toEqual(before);
    expect(second.output()).toContain(
      `"seq":${incremental!.seq},"baseSeq":${base!.seq},"msg":"resuming from checkpoint"`,
    );
    expect(second.output()).toContain(
      `"replayed":${lastSeq - incremental!.seq},"seq":${lastSeq},"msg":"journal replayed"`,
    );
    second.child.kill("SIGKILL");
    await second.exited;

    const db = new Database(join(dataDir, "orbt.db"));
    db.prepare("update checkpoints set body = ? where seq = ?").run('{"version":2,"seq":', base!.seq);
    db.close();
    const third = await daemons.start(config);
    expect(await liveIncidents(third.url)).toEqual(before);
    expect(third.output()).toContain(`its base, checkpoint ${base!.seq}, is unreadable`);
  });

  it("a clean stop leaves a checkpoint of the last row, so the next start replays nothing", async () => {
    const { config, first, before } = await startWithIncidents("checkpoints: { every: 1000 }\n", 3);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const second = await daemons.start(config);
    expect(await liveIncidents(second.url)).toEqual(before);
    expect(second.output()).toMatch(/"replayed":0,"seq":\d+,"msg":"journal replayed"/);
    // Sealed by the daemon that wrote it: read by its digest, without checking each incident against the schema.
    expect(second.output()).toMatch(
      /"checkedBy":"digest","seq":\d+,"baseSeq":\d+,"msg":"resuming from checkpoint"/,
    );
    const status = await getJson<{ checkpoint: { last: { seq: number } | null; replayedAtStart: number } }>(
      `${second.url}/api/v1/store`,
    );
    expect(status.checkpoint).toMatchObject({ replayedAtStart: 0, last: { seq: expect.any(Number) } });
  });

  it("counts live incidents by state from a start's state, and moves the counts with each step", async () => {
    const { config, first } = await startWithIncidents("checkpoints: { every: 1000 }\n", 3);
    const liveGauge = async (url: string) => {
      const text = await (await fetch(`${url}/metrics`)).text();
      return Number(/^orbt_live_incidents\{state="escalated"\} (\d+)$/m.exec(text)?.[1]);
    };
    expect(await liveGauge(first.url)).toBe(3);
    first.child.kill("SIGKILL");
    await first.exited;

    const second = await daemons.start(config);
    expect(await liveGauge(second.url)).toBe(3);
    await post(`${second.url}/api/v1/incidents/inc-2/resolve`, { by: "oncall" });
    await waitFor("the resolved incident counted out", async () =>
      (await liveGauge(second.url)) === 2 ? true : undefined,
    );
    await failing(second.url, "svc-9");
    await waitFor("the new incident counted in", async () =>
      (await liveGauge(second.url)) === 3 ? true : undefined,
    );
  });

  it("a checkpoint altered after it was written is checked against the schema: one it refuses falls back to the older one", async () => {
    const { dataDir, config, before } = await killedWithCheckpoints();
    const [newest, older] = selectAll(dataDir, "select seq, body from checkpoints order by seq desc") as {
      seq: number;
      body: string;
    }[];
    const altered = newest!.body.replace(/"strike":\d/, '"strike":9');
    expect(altered).not.toBe(newest!.body);
    const db = new Database(join(dataDir, "orbt.db"));
    db.prepare("update checkpoints set body = ? where seq = ?").run(altered, newest!.seq);
    db.close();

    const second = await daemons.start(config);
    expect(await liveIncidents(second.url)).toEqual(before);
    expect(second.output()).toContain(
      "checkpoint unreadable: falling back to an older one or the whole journal",
    );
    expect(second.output()).toContain(
      `"checkedBy":"digest","seq":${older!.seq},"baseSeq":${older!.seq},"msg":"resuming from checkpoint"`,
    );
  });

  it("retention deletes old resolved incidents and covered journal rows; a restored backup serves the same incidents", async () => {
    const dir = await makeWorkDir();
    const backupDir = join(dir, "backups");
    const config = await configFor(
      dir,
      `checkpoints: { every: 2, keep: 1, keep_journal_for: 1ms, keep_resolved_for: 300ms }
backup: { schedule: "* * * * * *", keep: 2, dir: ${JSON.stringify(backupDir)} }
`,
    );
    const first = await daemons.start(config);
    for (const service of ["gone", "web", "api"]) await failing(first.url, service);
    await incidentsOnceOpen(first.url, 3);
    await post(`${first.url}/api/v1/incidents/inc-1/resolve`, { by: "oncall" });
    // Each ack is a journal row, so a checkpoint every second one; its sweep deletes inc-1 once 300ms old.
    await waitFor("the resolved incident deleted", async () => {
      await post(`${first.url}/api/v1/incidents/inc-2/ack`, { by: "oncall" });
      return (await fetch(`${first.url}/api/v1/incidents/inc-1`)).status === 404 ? true : undefined;
    });
    const served = await liveIncidents(first.url);
    expect(served).toEqual(["inc-2 web", "inc-3 api"]);
    const dataDir = join(dir, "data");
    // Rows the only kept checkpoint covers, older than 1ms, are gone from the journal.
    const [{ seq: covered }] = selectAll(dataDir, "select max(seq) as seq from checkpoints") as [
      { seq: number },
    ];
    const [{ kept }] = selectAll(dataDir, "select count(*) as kept from events") as [{ kept: number }];
    expect(kept).toBeLessThan(covered);

    const written = await readdir(backupDir).catch(() => [] as string[]);
    const backup = await waitFor("a backup taken after the sweep", async () => {
      const now = (await readdir(backupDir).catch(() => [] as string[])).filter((name) =>
        name.endsWith(".db"),
      );
      return now.find((name) => !written.includes(name));
    });
    first.child.kill("SIGKILL");
    await first.exited;

    const restoredDir = await makeWorkDir();
    const restoredConfig = await configFor(restoredDir, "");
    const restore = runOrbtd(["restore", "--from", join(backupDir, backup), "--config", restoredConfig]);
    expect(await restore.exited).toBe(0);
    const second = await daemons.start(restoredConfig);
    expect(await liveIncidents(second.url)).toEqual(served);
    expect((await fetch(`${second.url}/api/v1/incidents/inc-1`)).status).toBe(404);
    expect(second.output()).toContain('"msg":"resuming from checkpoint"');
  });
});
