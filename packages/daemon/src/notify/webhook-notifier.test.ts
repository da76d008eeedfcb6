import { afterEach, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import { freePort } from "../../test/support/ports.js";
import { createWebhookNotifier } from "./webhook-notifier.js";

type Escalation = { readonly incidentId: string; readonly urgency: "high" | "low" };

const encode = (escalation: Escalation) => ({ text: `escalated ${escalation.incidentId}`, ...escalation });
const noSleep = async () => {};

describe("createWebhookNotifier", () => {
  let server: LocalHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** A receiver that answers with `statuses` in order, then 200. */
  const startReceiver = async (statuses: readonly number[]) => {
    server = await startLocalHttpServer((_request, response) => {
      response.statusCode = statuses[server!.received.length - 1] ?? 200;
      response.end();
    });
    return server;
  };

  it("delivers the encoded report as JSON after retrying a flaky receiver", async () => {
    const receiver = await startReceiver([503, 502]);
    const notifier = createWebhookNotifier<Escalation>({
      url: `${receiver.url}/hooks/orbt`,
      encode,
      timeoutMs: 5_000,
      attempts: 4,
      backoffMs: 10,
      sleep: noSleep,
    });
    expect(await notifier.notify({ incidentId: "inc-7", urgency: "high" })).toEqual({ kind: "success" });
    expect(receiver.received).toHaveLength(3);
    for (const request of receiver.received) {
      expect(request.path).toBe("/hooks/orbt");
      expect(JSON.parse(request.body)).toEqual({
        text: "escalated inc-7",
        incidentId: "inc-7",
        urgency: "high",
      });
    }
  });

  it("gives up at the first 4xx", async () => {
    const receiver = await startReceiver([400]);
    const notifier = createWebhookNotifier<Escalation>({
      url: receiver.url,
      encode,
      timeoutMs: 5_000,
      attempts: 4,
      backoffMs: 10,
      sleep: noSleep,
    });
    expect(await notifier.notify({ incidentId: "inc-8", urgency: "low" })).toMatchObject({ kind: "failure" });
    expect(receiver.received).toHaveLength(1);
  });

  it("stays retryable after spending every attempt, waiting with the real sleep by default", async () => {
    const receiver = await startReceiver([500, 500, 500]);
    const notifier = createWebhookNotifier<Escalation>({
      url: receiver.url,
      encode,
      timeoutMs: 5_000,
      attempts: 3,
      backoffMs: 1,
    });
    expect(await notifier.notify({ incidentId: "inc-9", urgency: "high" })).toMatchObject({
      kind: "retryable",
      error: { message: "HTTP 500" },
    });
    expect(receiver.received).toHaveLength(3);
  });

  it("reports an unreachable receiver as retryable", async () => {
    const notifier = createWebhookNotifier<Escalation>({
      url: `http://127.0.0.1:${await freePort()}/`,
      encode,
      timeoutMs: 5_000,
      attempts: 2,
      backoffMs: 1,
      sleep: noSleep,
    });
    expect(await notifier.notify({ incidentId: "inc-10", urgency: "low" })).toMatchObject({
      kind: "retryable",
      error: { code: "network" },
    });
  });

  it("returns a failure, without sending, when encoding throws", async () => {
    const receiver = await startReceiver([]);
    const notifier = createWebhookNotifier<Escalation>({
      url: receiver.url,
      encode: () => {
        throw new Error("missing field");
      },
      timeoutMs: 5_000,
      attempts: 3,
      backoffMs: 1,
      sleep: noSleep,
    });
    expect(await notifier.notify({ incidentId: "inc-11", urgency: "low" })).toEqual({
      kind: "failure",
      error: { code: "encoding", message: "Error: missing field" },
    });
    expect(receiver.received).toHaveLength(0);
  });
});
