import type { HostRecord } from "@orbt/core";
import { expect, it } from "vitest";
import { DIALECTS, describeDialect, useDialectFixtures } from "../../test/support/store-dialects.js";
import { openStore } from "./open-store.js";
import type { Store } from "./store.js";

const T0 = 1_764_140_000_000;

function serviceRecord(name: string, status: "GREEN" | "RED"): HostRecord {
  return {
    kind: "service",
    service: { name, platform: "exec", isDiscovered: false, status, updatedAt: T0 },
  };
}

for (const dialect of DIALECTS) {
  describeDialect("fleet queries", dialect, () => {
    const { createFixture, defer } = useDialectFixtures(dialect);

    async function openFresh(): Promise<Store> {
      const store = await openStore((await createFixture()).options);
      defer(() => store.close());
      return store;
    }

    it("numbers outbox messages 1, 2, 3 and goes on after the acknowledged ones are dropped", async () => {
      const store = await openFresh();
      for (const at of [T0, T0 + 1, T0 + 2]) {
        await store.transaction((tx) => tx.appendOutbox({ at, records: [serviceRecord("web", "RED")] }));
      }
      expect((await store.listOutbox(2)).map((message) => message.seq)).toEqual([1, 2]);

      await store.ackOutbox(2, T0 + 10);
      expect(await store.countOutbox()).toBe(1);
      expect(await store.listOutbox(10)).toEqual([
        { seq: 3, at: T0 + 2, records: [serviceRecord("web", "RED")] },
      ]);
      expect(await store.transaction((tx) => tx.appendOutbox({ at: T0 + 3, records: [] }))).toBe(4);
    });

    it("keeps each host's last applied seq and its services' latest status", async () => {
      const store = await openFresh();
      await store.applyHostBatches(
        [{ host: "web-1", messages: [{ seq: 1, at: T0, records: [serviceRecord("web", "RED")] }] }],
        T0,
      );
      await store.applyHostBatches(
        [{ host: "web-1", messages: [{ seq: 2, at: T0, records: [serviceRecord("web", "GREEN")] }] }],
        T0 + 5,
      );
      await store.applyHostBatches(
        [{ host: "db-1", messages: [{ seq: 1, at: T0, records: [serviceRecord("pg", "RED")] }] }],
        T0 + 6,
      );

      expect(await store.fleetLastSeqs(["web-1", "nobody"])).toEqual(
        new Map([
          ["web-1", 2],
          ["nobody", 0],
        ]),
      );
      expect(await store.listFleetHosts()).toEqual([
        {
          host: "db-1",
          lastSeq: 1,
          lastSeenAt: T0 + 6,
          openIncidents: 0,
          services: [{ name: "pg", status: "RED" }],
        },
        {
          host: "web-1",
          lastSeq: 2,
          lastSeenAt: T0 + 5,
          openIncidents: 0,
          services: [{ name: "web", status: "GREEN" }],
        },
      ]);
    });

    it("applies several hosts' messages at once, each key taking its host's latest record", async () => {
      const store = await openFresh();
      const messages = (first: "GREEN" | "RED", then: "GREEN" | "RED") => [
        { seq: 1, at: T0, records: [serviceRecord("web", first), serviceRecord("api", first)] },
        { seq: 2, at: T0, records: [serviceRecord("web", then)] },
      ];
      await store.applyHostBatches(
        [
          { host: "web-1", messages: messages("RED", "GREEN") },
          { host: "web-2", messages: messages("GREEN", "RED") },
        ],
        T0,
      );
      const hosts = await store.listFleetHosts();
      expect(hosts.map(({ host, lastSeq, services }) => ({ host, lastSeq, services }))).toEqual([
        {
          host: "web-1",
          lastSeq: 2,
          services: [
            { name: "api", status: "RED" },
            { name: "web", status: "GREEN" },
          ],
        },
        {
          host: "web-2",
          lastSeq: 2,
          services: [
            { name: "api", status: "GREEN" },
            { name: "web", status: "RED" },
          ],
        },
      ]);
    });
  });
}
