import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import { sampleNotifications } from "../../test/support/sample-notifications.js";
import type { SendOptions } from "./receiver-kind.js";
import { RECEIVER_KINDS, sendNotification } from "./receiver-kinds.js";

const OPTIONS: SendOptions = { timeoutMs: 5_000, signal: new AbortController().signal };
const samples = sampleNotifications();

describe("the webhook receiver", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((_request, response) => {
      response.statusCode = 204;
      response.end();
    });
  });
  afterAll(() => server.close());

  const target = (settings: Record<string, unknown>) =>
    RECEIVER_KINDS.webhook.settings.parse({ url: `${server.url}/hook`, ...settings });

  it("POSTs the notification itself, with its queue id, without a template", async () => {
    expect(await sendNotification(target({}), samples.action_taken, OPTIONS)).toEqual({ kind: "success" });
    const request = server.received.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual(JSON.parse(JSON.stringify(samples.action_taken)));
  });

  it("fills a body template: a lone placeholder keeps the field's JSON value, others become text", async () => {
    const body = {
      text: "[{{urgency}}] {{summary}} at {{at}}",
      incident: { id: "{{incidentId}}", strike: "{{strike}}", dpr: "{{dprId}}", reason: "{{ reason }}" },
      tags: ["orbt", "{{service}}"],
      fixed: 7,
    };
    await sendNotification(target({ body, headers: { "x-token": "s3cret" } }), samples.action_taken, OPTIONS);
    const request = server.received.at(-1)!;
    expect(request.headers["x-token"]).toBe("s3cret");
    expect(JSON.parse(request.body)).toEqual({
      text: `[critical] ${samples.action_taken.summary} at ${samples.action_taken.at}`,
      incident: {
        id: "inc-1",
        strike: 1,
        dpr: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
        reason: null,
      },
      tags: ["orbt", "web"],
      fixed: 7,
    });
  });

  it("sends an escalation's report as the whole body, as escalation.webhook does", async () => {
    await sendNotification(target({ body: "{{report}}" }), samples.escalated, OPTIONS);
    expect(JSON.parse(server.received.at(-1)!.body)).toEqual(samples.escalated.report);
  });
});
