import { expect, it } from "vitest";
import { DIALECTS, describeDialect, useDialectFixtures } from "../../test/support/store-dialects.js";
import { openStore } from "./open-store.js";
import type { DrillRecord } from "./store.js";

const T0 = 1_700_000_000_000;

function record(id: string, startedAt: number, outcome: DrillRecord["outcome"]): DrillRecord {
  return { id, service: "web", startedAt, outcome, drill: { id, outcome, note: "" } };
}

for (const dialect of DIALECTS) {
  describeDialect("drills in the store", dialect, () => {
    const { createFixture, defer } = useDialectFixtures(dialect);

    it("keeps a drill whole, rewrites it when it ends, and lists newest first by window and outcome", async () => {
      const store = await openStore((await createFixture()).options);
      defer(() => store.close());
      await store.saveDrill(record("d1", T0, "running"));
      await store.saveDrill(record("d2", T0 + 10, "running"));
      await store.saveDrill(record("d3", T0 + 20, "running"));
      await store.saveDrill(record("d1", T0, "repaired"));

      expect(await store.getDrill("d1")).toEqual(record("d1", T0, "repaired"));
      expect(await store.getDrill("missing")).toBeUndefined();
      const ids = async (filter: Parameters<typeof store.listDrills>[0]) =>
        (await store.listDrills(filter)).map((row) => row.id);
      expect(await ids({})).toEqual(["d3", "d2", "d1"]);
      expect(await ids({ limit: 1 })).toEqual(["d3"]);
      expect(await ids({ since: T0 + 10 })).toEqual(["d3", "d2"]);
      expect(await ids({ outcome: "running" })).toEqual(["d3", "d2"]);
    });
  });
}
