import type { IncidentsResponse } from "@orbt/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getJson, killAfterEach, makeWorkDir, writeBaseConfig } from "../support/orbtd-process.js";
import { type PeerBinary, startPeerBinary } from "../support/peer-binary.js";
import { describeWithPeers, findBinary, NODE_EXPORTER } from "../support/peers.js";
import { waitFor } from "../support/wait-for.js";

type RuleGroups = {
  data: { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] };
};

describeWithPeers(
  { nodeExporterPath: findBinary(NODE_EXPORTER) },
  "the shipped default rules over the real prometheus-node-exporter",
  ({ nodeExporterPath }) => {
    const daemons = killAfterEach();
    let exporter: PeerBinary;
    beforeAll(async () => {
      exporter = await startPeerBinary(
        nodeExporterPath,
        async (port) => [`--web.listen-address=127.0.0.1:${port}`],
        "/metrics",
      );
    });
    afterAll(async () => {
      await exporter?.stop();
    });

    it("evaluates every shipped rule over its series without error, and opens resource_exhaustion", async () => {
      const dir = await makeWorkDir();
      // Any disk, memory or descriptor in use is over a threshold of 0: the rule must fire on real series.
      const config = await writeBaseConfig(
        dir,
        `services:
  - name: node
    scrape:
      - url: ${exporter.url}/metrics
        interval: 500ms
        timeout: 500ms
default_rules:
  interval: 500ms
  resource_exhaustion: { threshold: 0, for: 1s }
`,
      );
      const { url } = await daemons.start(config);
      const incident = await waitFor("a resource_exhaustion incident of node", async () => {
        const { incidents } = await getJson<IncidentsResponse>(`${url}/api/v1/incidents`);
        return incidents.find((each) => each.service === "node" && each.symptom === "resource_exhaustion");
      });
      expect(incident.pattern).toBe("performance_issues");
      const { data } = await getJson<RuleGroups>(`${url}/prometheus/api/v1/rules`);
      const rules = data.groups.find((group) => group.name === "orbt-default-rules")?.rules ?? [];
      expect(rules.map((rule) => rule.name)).toEqual([
        "OrbtProcessCpuSpike",
        "OrbtNodeCpuSpike",
        "OrbtProcessMemoryGrowth",
        "OrbtProcessFdsExhausted",
        "OrbtNodeDiskFull",
        "OrbtNodeMemoryExhausted",
        "OrbtNodeFdsExhausted",
        "OrbtHaproxy5xxRatio",
        "OrbtTraefik5xxRatio",
      ]);
      expect(rules.filter((rule) => rule.health !== "ok")).toEqual([]);
    });
  },
);
