import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type * as z from "zod";
import { startLocalHttpServer } from "./local-http-server.js";
import { PagerDutyEvent, SlackWebhookMessage } from "./receiver-schemas.js";

/** A local stand-in for a notification service that checks what it gets against the service's documented schema. */
export type HttpPeer<T> = {
  readonly url: string;
  /** Messages that passed the schema and were accepted, in order. */
  readonly received: readonly T[];
  /** Requests the schema refused, with the first problem found. */
  readonly refused: readonly { readonly body: string; readonly problem: string }[];
  /** Requests answered with an outage's status, before being looked at. */
  readonly outageAnswers: number;
  /** The next `count` requests get `status` (default 500): an outage, then recovery. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
};

type Answer = { readonly status: number; readonly body: string; readonly contentType: string };

async function startHttpPeer<T>(
  schema: z.ZodType<T>,
  accepted: (message: T) => Answer,
  refused: (problem: string) => Answer,
): Promise<HttpPeer<T>> {
  const received: T[] = [];
  const refusedRequests: { body: string; problem: string }[] = [];
  let outage = { remaining: 0, status: 500 };
  let outageAnswers = 0;
  const server = await startLocalHttpServer((request, response) => {
    const answer = (reply: Answer) => {
      response.writeHead(reply.status, { "content-type": reply.contentType });
      response.end(reply.body);
    };
    if (outage.remaining > 0) {
      outage.remaining -= 1;
      outageAnswers += 1;
      return answer({ status: outage.status, body: "unavailable", contentType: "text/plain" });
    }
    let json: unknown;
    try {
      json = JSON.parse(request.body);
    } catch {
      refusedRequests.push({ body: request.body, problem: "not JSON" });
      return answer(refused("not JSON"));
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const problem = `${issue?.path.join(".")}: ${issue?.message}`;
      refusedRequests.push({ body: request.body, problem });
      return answer(refused(problem));
    }
    received.push(parsed.data);
    return answer(accepted(parsed.data));
  });
  return {
    url: server.url,
    received,
    refused: refusedRequests,
    get outageAnswers() {
      return outageAnswers;
    },
    failNext(count, status = 500) {
      outage = { remaining: count, status };
    },
    close: () => server.close(),
  };
}

/** A Slack incoming webhook: `ok` for a valid Block Kit message, 400 `invalid_blocks` otherwise. */
export function startSlackPeer(): Promise<HttpPeer<z.output<typeof SlackWebhookMessage>>> {
  return startHttpPeer(
    SlackWebhookMessage,
    () => ({ status: 200, body: "ok", contentType: "text/plain" }),
    () => ({ status: 400, body: "invalid_blocks", contentType: "text/plain" }),
  );
}

/** PagerDuty's Events API v2 endpoint: 202 for a valid event, 400 `invalid event` otherwise. */
export function startPagerDutyPeer(): Promise<HttpPeer<z.output<typeof PagerDutyEvent>>> {
  return startHttpPeer(
    PagerDutyEvent,
    (event) => ({
      status: 202,
      body: JSON.stringify({ status: "success", message: "Event processed", dedup_key: event.dedup_key }),
      contentType: "application/json",
    }),
    (problem) => ({
      status: 400,
      body: JSON.stringify({
        status: "invalid event",
        message: "Event object is invalid",
        errors: [problem],
      }),
      contentType: "application/json",
    }),
  );
}

export type ReceivedMail = {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
};

export type SmtpPeer = {
  readonly url: string;
  readonly received: readonly ReceivedMail[];
  close(): Promise<void>;
};

/**
 * A real SMTP server on 127.0.0.1 (no TLS, no auth) that parses each message it is given. Recipients in
 * `refusedRecipients` are refused with 550, as a server refuses an unknown mailbox.
 */
export async function startSmtpPeer(refusedRecipients: readonly string[] = []): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refusedRecipients.includes(address.address)) return callback();
      const refusal = Object.assign(new Error(`mailbox ${address.address} unknown`), { responseCode: 550 });
      return callback(refusal);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: mail.from?.text ?? "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
