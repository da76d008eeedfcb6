import {
  emptyKnowledgeEntry,
  type KnowledgeEntry,
  KnowledgeImportResponse,
  KnowledgeResponse,
  PatternsResponse,
} from "@orbt/core";
import type { MiddlewareHandler } from "hono";
import { expect, it } from "vitest";
import { startApiDaemon } from "../../test/support/api-daemon.js";
import { callApi as call } from "../../test/support/call-api.js";
import {
  DIALECTS,
  describeDialect,
  type StoreFixture,
  useDialectFixtures,
} from "../../test/support/store-dialects.js";
import { parseConfigText } from "../config/parse-config-text.js";
import type { Store } from "../store/store.js";
import type { AuthEnv } from "./auth/index.js";

const T0 = 1_764_140_000_000;

const CONFIG = `project: shop
services:
  - name: web
    platform: docker
patterns:
  - name: queue_backlog
    symptoms: [queue_depth_high]
    strike1_solutions: [drain_queue]
    strike2_alternatives: [service_restart]
    escalation_triggers: [SLA_breach]
remedies:
  - solution: drain_queue
    exec: ["true"]
`;

const asAdmin: MiddlewareHandler<AuthEnv> = async (c, next) => {
  c.set("principal", { name: "ana", role: "admin" });
  await next();
};

function row(fields: Partial<KnowledgeEntry> & Pick<KnowledgeEntry, "solution">): KnowledgeEntry {
  const coordinates = {
    pattern: "uptime_problems",
    solution: fields.solution,
    platform: "docker",
    scale: "large",
  } as const;
  return { ...emptyKnowledgeEntry(coordinates, "learned"), ...fields };
}

for (const dialect of DIALECTS) {
  describeDialect("knowledge over REST", dialect, () => {
    const { createFixture, defer } = useDialectFixtures(dialect);

    async function startDaemon(fixture: StoreFixture, beforeStart?: (store: Store) => Promise<void>) {
      const parsed = parseConfigText(CONFIG, "orbt.yaml");
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      return startApiDaemon({
        fixture,
        config: parsed.value,
        auth: asAdmin,
        clock: () => T0,
        defer,
        ...(beforeStart === undefined ? {} : { beforeStart }),
      });
    }

    it("reads its knowledge from the store at start, over the catalog's rows", async () => {
      const fixture = await createFixture();
      const learned = row({
        solution: "DNS_refresh",
        tries: 3,
        successes: 3,
        lastOutcome: "succeeded",
        lastAt: T0,
      });
      const daemon = await startDaemon(fixture, (store) => store.upsertKnowledge([learned]));

      const { status, body } = await call(
        daemon.app,
        "GET",
        "/knowledge?pattern=uptime_problems&platform=docker&scale=large",
      );
      expect(status).toBe(200);
      const { knowledge, ranking } = KnowledgeResponse.parse(body);
      // The rows filtered by platform and scale; the ranking falls back to the catalog's, on any platform.
      expect(knowledge).toEqual([learned]);
      const all = KnowledgeResponse.parse((await call(daemon.app, "GET", "/knowledge")).body);
      expect(all.ranking).toBeNull();
      // The seed's 18 solutions and the config's own pattern's 2.
      expect(all.knowledge.filter((entry) => entry.provenance === "catalog")).toHaveLength(20);
      expect(ranking?.[0]).toMatchObject({ basis: "exact", entry: learned });
      expect(ranking?.[0]?.score).toBeCloseTo(0.4385, 4);
      expect(ranking?.map((ranked) => ranked.entry.solution)).toHaveLength(6);
    });

    it("merges an import, keeps it in the store across a restart, and exports it", async () => {
      const fixture = await createFixture();
      const first = await startDaemon(fixture);
      const restart = row({
        solution: "service_restart",
        tries: 2,
        successes: 1,
        lastOutcome: "failed",
        lastAt: T0,
      });
      const file = { version: 1, entries: [restart] };

      const imported = await call(first.app, "POST", "/knowledge/import", file);
      expect(imported.status).toBe(200);
      expect(KnowledgeImportResponse.parse(imported.body).imported).toBe(1);
      await call(first.app, "POST", "/knowledge/import", file);
      await first.stop();

      const second = await startDaemon(fixture);
      const expected = { ...restart, tries: 4, successes: 2, provenance: "imported" };
      expect(await second.store.listKnowledge()).toEqual([expected]);
      const exported = await call(second.app, "GET", "/knowledge/export");
      expect(exported).toEqual({ status: 200, body: { version: 1, entries: [expected] } });
    });

    it("refuses a bad file, naming where the problem is", async () => {
      const daemon = await startDaemon(await createFixture());
      const bad = { version: 1, entries: [row({ solution: "service_restart", tries: 1, successes: 2 })] };
      expect(await call(daemon.app, "POST", "/knowledge/import", bad)).toMatchObject({
        status: 400,
        body: { error: { code: "invalid_request", path: "entries[0].successes" } },
      });
      expect(await call(daemon.app, "POST", "/knowledge/import", { version: 2, entries: [] })).toMatchObject({
        status: 400,
        body: { error: { message: expect.stringMatching(/^body version: expected 1, .* got 2$/) } },
      });
      expect(await call(daemon.app, "GET", "/knowledge?scale=huge")).toMatchObject({
        status: 400,
        body: { error: { path: "scale" } },
      });
      expect(await daemon.store.listKnowledge()).toEqual([]);
    });

    it("lists the seed's patterns and the config's own", async () => {
      const daemon = await startDaemon(await createFixture());
      const { status, body } = await call(daemon.app, "GET", "/patterns");
      expect(status).toBe(200);
      const { patterns } = PatternsResponse.parse(body);
      expect(patterns.map((pattern) => [pattern.name, pattern.source])).toEqual([
        ["deployment_failures", "seed"],
        ["performance_issues", "seed"],
        ["uptime_problems", "seed"],
        ["queue_backlog", "config"],
      ]);
      expect(patterns[3]).toEqual({
        name: "queue_backlog",
        symptoms: ["queue_depth_high"],
        strike1Solutions: ["drain_queue"],
        strike2Alternatives: ["service_restart"],
        escalationTriggers: ["SLA_breach"],
        source: "config",
      });
      const ranking = await call(daemon.app, "GET", "/knowledge?pattern=queue_backlog");
      expect(KnowledgeResponse.parse(ranking.body).ranking?.map((ranked) => ranked.entry.solution)).toEqual([
        "drain_queue",
        "service_restart",
      ]);
    });
  });
}
