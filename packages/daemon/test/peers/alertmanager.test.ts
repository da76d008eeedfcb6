import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SEED_PATTERNS } from "@orbt/core";
import { Hono } from "hono";
import { Registry } from "prom-client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAlertmanagerApp } from "../../src/signals/alertmanager/create-alertmanager-app.js";
import { DEFAULT_INGEST_LIMITS } from "../../src/signals/ingest/ingest-limits.js";
import { registerIngestMetrics } from "../../src/signals/ingest/ingest-metrics.js";
import { type ServedApp, serveLocally } from "../support/local-http-server.js";
import { type PeerBinary, startPeerBinary } from "../support/peer-binary.js";
import { ALERTMANAGER, describeWithPeers, findBinary } from "../support/peers.js";
import { RecordingSink } from "../support/recording-sink.js";
import { waitFor } from "../support/wait-for.js";

const ALERT_LABELS = {
  alertname: "CheckoutSlow",
  service: "checkout",
  orbt_pattern: "performance_issues",
  orbt_symptom: "high_response_times",
};

describeWithPeers(
  { alertmanagerPath: findBinary(ALERTMANAGER) },
  "two real Alertmanagers (HA, no cluster) posting to the webhook route",
  ({ alertmanagerPath }) => {
    const sink = new RecordingSink();
    const deliveredStatuses: string[] = [];
    const countDelivered = (status: string) => deliveredStatuses.filter((seen) => seen === status).length;
    const route = createAlertmanagerApp({
      sink,
      limits: DEFAULT_INGEST_LIMITS,
      metrics: registerIngestMetrics(new Registry()),
      mappings: [
        { match: { alertname: "QueueStuck" }, pattern: "deployment_failures", symptom: "dependency_issues" },
      ],
      patterns: SEED_PATTERNS,
    });
    const app = new Hono();
    app.use("*", async (c, next) => {
      const copy = c.req.raw.clone();
      await next();
      const payload = (await copy.json()) as { status: string };
      deliveredStatuses.push(payload.status);
    });
    app.route("/", route);
    let receiver: ServedApp;
    const peers: PeerBinary[] = [];

    beforeAll(async () => {
      receiver = await serveLocally(app.fetch);
      const config = `route:
  receiver: orbt
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 2s
receivers:
  - name: orbt
    webhook_configs:
      - url: ${receiver.url}/api/v1/alerts/alertmanager
        send_resolved: true
`;
      for (let i = 0; i < 2; i++) {
        peers.push(
          await startPeerBinary(alertmanagerPath, async (peerPort, dir) => {
            const file = join(dir, "alertmanager.yml");
            await writeFile(file, config);
            return [
              `--config.file=${file}`,
              `--storage.path=${dir}`,
              `--web.listen-address=127.0.0.1:${peerPort}`,
              "--cluster.listen-address=",
            ];
          }),
        );
      }
    });

    afterAll(async () => {
      await Promise.all(peers.map((peer) => peer.stop()));
      await receiver.close();
    });

    async function postAlert(endsAt?: string, labels: Record<string, string> = ALERT_LABELS): Promise<void> {
      for (const peer of peers) {
        const alert = {
          labels,
          annotations: { summary: "p99 above 2s" },
          ...(endsAt ? { endsAt } : {}),
        };
        const response = await fetch(`${peer.url}/api/v2/alerts`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify([alert]),
        });
        expect(response.status, peer.output()).toBe(200);
      }
    }

    it("raises one symptom for a firing alert despite repeats from both, and clears it once resolved", async () => {
      await postAlert();
      await waitFor("a webhook delivery", () => sink.events.length > 0 || undefined);
      // Both Alertmanagers deliver, and each repeats every repeat_interval.
      await waitFor("four firing deliveries", () => countDelivered("firing") >= 4 || undefined);
      expect(sink.events).toEqual([
        {
          type: "SymptomSeen",
          service: "checkout",
          pattern: "performance_issues",
          symptom: "high_response_times",
          source: expect.stringMatching(/^alertmanager:[0-9a-f]+$/),
          detail: expect.stringContaining("firing since"),
        },
      ]);
      await postAlert(new Date().toISOString());
      await waitFor("both resolved notifications", () => countDelivered("resolved") >= 2 || undefined);
      expect(sink.events.slice(1)).toEqual([
        {
          type: "SymptomCleared",
          service: "checkout",
          pattern: "performance_issues",
          source: sink.events[0]?.source,
        },
      ]);
    });

    it("maps an alert without orbt_ labels through the symptoms mapping", async () => {
      await postAlert(undefined, { alertname: "QueueStuck", job: "worker" });
      await waitFor(
        "the mapped alert's symptom",
        () => sink.events.some((e) => e.service === "worker") || undefined,
      );
      expect(sink.events.filter((event) => event.service === "worker")).toEqual([
        {
          type: "SymptomSeen",
          service: "worker",
          pattern: "deployment_failures",
          symptom: "dependency_issues",
          source: expect.stringMatching(/^alertmanager:[0-9a-f]+$/),
          detail: expect.stringContaining("firing since"),
        },
      ]);
    });
  },
);
