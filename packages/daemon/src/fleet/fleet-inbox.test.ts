import type { HostFrame, HostMessage } from "@orbt/core";
import { expect, it } from "vitest";
import { DIALECTS, describeDialect, useDialectFixtures } from "../../test/support/store-dialects.js";
import { createLogger } from "../create-logger.js";
import { openStore } from "../store/open-store.js";
import { FleetInbox } from "./fleet-inbox.js";

const T0 = 1_764_140_000_000;

function message(seq: number): HostMessage {
  return {
    seq,
    at: T0 + seq,
    records: [
      {
        kind: "service",
        service: { name: "web", platform: "exec", isDiscovered: false, status: "GREEN", updatedAt: T0 },
      },
    ],
  };
}

for (const dialect of DIALECTS) {
  describeDialect("fleet inbox", dialect, () => {
    const { createFixture, defer } = useDialectFixtures(dialect);

    async function openInbox(): Promise<{ inbox: FleetInbox; frames: HostFrame[] }> {
      const store = await openStore((await createFixture()).options);
      defer(() => store.close());
      const inbox = new FleetInbox({
        store,
        localHost: "central",
        log: createLogger({ level: "silent" }),
        clock: () => T0,
      });
      const frames: HostFrame[] = [];
      inbox.subscribe((frame) => frames.push(frame));
      return { inbox, frames };
    }

    it("applies a resent batch once, and holds back a message past a gap until the gap is filled", async () => {
      const { inbox, frames } = await openInbox();
      expect(await inbox.apply("web-1", [message(1), message(2)])).toEqual({
        host: "web-1",
        appliedThrough: 2,
        applied: 2,
        duplicates: 0,
      });
      expect(await inbox.apply("web-1", [message(2), message(3)])).toMatchObject({
        appliedThrough: 3,
        applied: 1,
        duplicates: 1,
      });
      expect(await inbox.apply("web-1", [message(5)])).toMatchObject({ appliedThrough: 3, applied: 0 });
      expect(await inbox.apply("web-1", [message(4), message(5)])).toMatchObject({
        appliedThrough: 5,
        applied: 2,
      });
      expect(frames.map((frame) => [frame.host, frame.seq])).toEqual([
        ["web-1", 1],
        ["web-1", 2],
        ["web-1", 3],
        ["web-1", 4],
        ["web-1", 5],
      ]);
    });

    it("keeps each host's seqs apart in one transaction of several hosts", async () => {
      const { inbox } = await openInbox();
      const outcomes = await inbox.applyAll([
        { host: "web-1", messages: [message(1)] },
        { host: "db-1", messages: [message(1), message(2)] },
      ]);
      expect(outcomes.map(({ host, appliedThrough }) => [host, appliedThrough])).toEqual([
        ["web-1", 1],
        ["db-1", 2],
      ]);
    });
  });
}
