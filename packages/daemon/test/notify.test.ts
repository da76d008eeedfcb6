import { join } from "node:path";
import { type Notification, NotifyResponse } from "@orbt/core";
import { afterEach, describe, expect, it } from "vitest";
import { flakyServiceConfig, type RemedySpec } from "./support/config-yaml.js";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { type LocalHttpServer, startLocalHttpServer } from "./support/local-http-server.js";
import { getJson, killAfterEach, makeWorkDir, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import {
  type HttpPeer,
  type SmtpPeer,
  startPagerDutyPeer,
  startSlackPeer,
  startSmtpPeer,
} from "./support/protocol-peers.js";
import type { PagerDutyEvent, SlackWebhookMessage } from "./support/receiver-schemas.js";
import { waitFor } from "./support/wait-for.js";

const ROUTING_KEY = "0123456789abcdef0123456789abcdef";
const daemons = killAfterEach();

type Peers = {
  readonly service: FlakyService;
  readonly slack: HttpPeer<SlackWebhookMessage>;
  readonly pagerDuty: HttpPeer<PagerDutyEvent>;
  readonly smtp: SmtpPeer;
  readonly hook: LocalHttpServer;
};

let peers: Peers | undefined;

afterEach(async () => {
  if (peers === undefined) return;
  await Promise.all([
    peers.service.close(),
    peers.slack.close(),
    peers.pagerDuty.close(),
    peers.smtp.close(),
    peers.hook.close(),
  ]);
  peers = undefined;
});

async function startPeers(): Promise<Peers> {
  peers = {
    service: await startFlakyService("ok"),
    slack: await startSlackPeer(),
    pagerDuty: await startPagerDutyPeer(),
    smtp: await startSmtpPeer(),
    hook: await startLocalHttpServer((_request, response) => {
      response.statusCode = 204;
      response.end();
    }),
  };
  return peers;
}

/** orbtd watching the flaky service, its four receivers on the local peers, `routes` YAML under `notify:`. */
async function writeNotifyConfig(started: Peers, remedy: RemedySpec, routes: string): Promise<string> {
  const dir = await makeWorkDir();
  const base = flakyServiceConfig({
    port: await freePort(),
    dataDir: join(dir, "data"),
    healthUrl: started.service.healthUrl,
    controlUrl: started.service.controlUrl,
    remedies: [remedy],
  });
  return writeConfig(
    dir,
    `${base}notify:
  receivers:
    - { name: chat, slack: { url: "${started.slack.url}/services/T0/B0/x" } }
    - { name: pager, pagerduty: { routing_key: ${ROUTING_KEY}, url: "${started.pagerDuty.url}/v2/enqueue" } }
    - { name: mail, email: { smtp: "${started.smtp.url}", from: "orbt@example.org", to: [oncall@example.org] } }
    - { name: hook, webhook: { url: "${started.hook.url}/orbt" } }
  routes:
${routes}
  retry: { attempts: 50, backoff: 100ms, max_backoff: 200ms }
  timeout: 2s
`,
  );
}

async function receiverStatus(url: string, name: string) {
  const { receivers } = NotifyResponse.parse(await getJson(`${url}/api/v1/notify`));
  return receivers.find((receiver) => receiver.name === name);
}

describe("notifications from a running orbtd", () => {
  it("tells each receiver what its routes send it: opened, action taken, resolved", async () => {
    const started = await startPeers();
    const config = await writeNotifyConfig(
      started,
      { solution: "service_restart", action: "heal" },
      `    - { match: { service: web }, events: [opened, resolved], receivers: [pager, chat] }
    - { events: [action_taken], receivers: [chat, hook] }
    - { events: [resolved], receivers: [mail] }
    - { match: { service: api }, receivers: [mail, hook] }`,
    );
    const { url } = await daemons.start(config);
    await started.service.setMode("failing");

    await waitFor("every receiver told", () =>
      started.slack.received.length === 3 &&
      started.pagerDuty.received.length === 2 &&
      started.smtp.received.length === 1 &&
      started.hook.received.length === 1
        ? true
        : undefined,
    );
    expect(started.slack.refused).toEqual([]);
    expect(started.pagerDuty.refused).toEqual([]);
    expect(started.slack.received.map((message) => message.blocks[0])).toEqual([
      { type: "header", text: { type: "plain_text", text: "Incident opened: web inc-1" } },
      { type: "header", text: { type: "plain_text", text: "Action taken: web inc-1" } },
      { type: "header", text: { type: "plain_text", text: "Resolved: web inc-1" } },
    ]);
    expect(started.pagerDuty.received.map((event) => [event.event_action, event.dedup_key])).toEqual([
      ["trigger", "inc-1"],
      ["resolve", "inc-1"],
    ]);
    expect(started.pagerDuty.received[0]).toMatchObject({
      payload: { source: "web", severity: "warning", class: "uptime_problems" },
    });
    const action = JSON.parse(started.hook.received[0]!.body) as Notification;
    expect(action).toMatchObject({
      kind: "action_taken",
      incidentId: "inc-1",
      service: "web",
      dprId: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
      solution: "service_restart",
    });
    const [mail] = started.smtp.received;
    expect(mail?.subject).toBe("[shop/dev] Resolved: web inc-1");
    expect(mail?.to).toEqual(["oncall@example.org"]);
    expect(mail?.text).toContain("web: inc-1 resolved (remedied)");

    const { receivers } = NotifyResponse.parse(await getJson(`${url}/api/v1/notify`));
    expect(
      receivers.map((receiver) => [receiver.name, receiver.kind, receiver.delivered, receiver.isFailing]),
    ).toEqual([
      ["chat", "slack", 3, false],
      ["pager", "pagerduty", 2, false],
      ["mail", "email", 1, false],
      ["hook", "webhook", 1, false],
    ]);
  });

  it("shows a receiver that answers 500 as failing, and delivers to it once it recovers", async () => {
    const started = await startPeers();
    const config = await writeNotifyConfig(
      started,
      { solution: "service_restart", action: "heal" },
      "    - { events: [opened], receivers: [chat] }",
    );
    const { url } = await daemons.start(config);
    started.slack.failNext(1_000);
    await started.service.setMode("failing");

    const failing = await waitFor("chat shown failing", async () => {
      const chat = await receiverStatus(url, "chat");
      return chat?.isFailing && chat.queueDepth === 1 ? chat : undefined;
    });
    expect(failing).toMatchObject({ lastError: "HTTP 500", delivered: 0 });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('orbt_notify_queue_depth{receiver="chat"} 1');
    expect(metrics).toMatch(/orbt_notify_deliveries_total\{receiver="chat",outcome="retrying"\} [1-9]/);

    started.slack.failNext(0);
    await waitFor("delivered after the outage", () => started.slack.received[0]);
    expect(started.slack.received).toHaveLength(1);
    expect(started.slack.outageAnswers).toBeGreaterThanOrEqual(1);
    const recovered = await waitFor("chat shown recovered", async () => {
      const chat = await receiverStatus(url, "chat");
      return chat?.isFailing === false ? chat : undefined;
    });
    expect(recovered).toMatchObject({ queueDepth: 0, delivered: 1, failed: 0 });
    expect(await (await fetch(`${url}/metrics`)).text()).toContain(
      'orbt_notify_deliveries_total{receiver="chat",outcome="delivered"} 1',
    );
  });

  it("delivers, after a kill -9 and a restart, what was still queued", async () => {
    const started = await startPeers();
    const config = await writeNotifyConfig(
      started,
      { solution: "service_restart", action: "noop" },
      "    - { events: [opened], receivers: [pager] }",
    );
    const first = await daemons.start(config);
    started.pagerDuty.failNext(1_000, 503);
    await started.service.setMode("failing");
    await waitFor("the page queued, failing", async () => {
      const pager = await receiverStatus(first.url, "pager");
      return pager?.queueDepth === 1 && pager.lastError === "HTTP 503" ? true : undefined;
    });
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    started.pagerDuty.failNext(0);
    expect(started.pagerDuty.received).toEqual([]);

    const second = await daemons.start(config);
    await waitFor("the page delivered after the restart", () => started.pagerDuty.received[0]);
    expect(started.pagerDuty.received).toEqual([
      expect.objectContaining({ event_action: "trigger", dedup_key: "inc-1", routing_key: ROUTING_KEY }),
    ]);
    const pager = await waitFor("pager shown delivered", async () => {
      const found = await receiverStatus(second.url, "pager");
      return found?.delivered === 1 ? found : undefined;
    });
    expect(pager).toMatchObject({ queueDepth: 0, isFailing: false });
  });
});
