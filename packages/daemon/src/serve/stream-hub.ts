import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { ApiError, EngineEvent, type EventFrame, StreamFrame } from "@orbt/core";
import { type WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import type { Logger } from "../create-logger.js";
import type { FleetInbox } from "../fleet/fleet-inbox.js";
import type { OrbtRuntime } from "../runtime/orbt-runtime.js";
import type { Store } from "../store/store.js";
import type { AuthDecision, Role } from "./auth/index.js";
import type { ExtraOperation } from "./openapi/build-openapi-document.js";
import { jsonResponse } from "./openapi/describe-route.js";

export const STREAM_PATH = "/api/v1/stream";
export const STREAM_ROLE: Role = "viewer";

/** The stream in the API's OpenAPI document: served on the upgrade, outside the hono app. */
export const STREAM_OPERATION: ExtraOperation = {
  method: "GET",
  path: STREAM_PATH,
  access: STREAM_ROLE,
  description: {
    operationId: "openStream",
    summary: "WebSocket: a snapshot, then every engine event as it is journaled",
    description:
      "Upgrade to a WebSocket. Frames are JSON `StreamFrame`s: a snapshot then events with their sequence " +
      "number; with `since` the journal after that number, then live. On a central daemon, `host` frames " +
      "carry what a host reported, live only. Client frames are ignored.",
    tags: ["status"],
    requestParams: {
      query: z.object({
        since: z
          .string()
          .regex(/^\d{1,15}$/)
          .optional(),
      }),
    },
    responses: {
      101: {
        description: "Switching to the WebSocket.",
        content: { "application/json": { schema: StreamFrame } },
      },
      400: jsonResponse("`since` is not a sequence number.", ApiError),
    },
  },
};
const REPLAY_PAGE = 500;
// A client this far behind is not reading; it can reconnect with ?since and catch up from the journal.
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export type StreamHubOptions = {
  readonly runtime: OrbtRuntime;
  readonly store: Store;
  /** Hosts' messages, sent live as `host` frames beside the journal's. */
  readonly fleet?: Pick<FleetInbox, "subscribe">;
  readonly log: Logger;
  readonly authorize: (request: IncomingMessage) => AuthDecision;
};

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
};

function rejectUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function parseSince(raw: string | null): number | undefined | "invalid" {
  if (raw === null) return undefined;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : "invalid";
}

/** WebSocket `/api/v1/stream`: a snapshot then live events, or with `?since=N` the journal after N then live. */
export class StreamHub {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  constructor(private readonly options: StreamHubOptions) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== STREAM_PATH) {
      rejectUpgrade(socket, 404, "not_found", `no WebSocket endpoint at ${url.pathname}`);
      return;
    }
    const decision = this.options.authorize(request);
    if (!decision.ok) {
      rejectUpgrade(socket, decision.status, decision.code, decision.message);
      return;
    }
    const since = parseSince(url.searchParams.get("since"));
    if (since === "invalid") {
      rejectUpgrade(socket, 400, "invalid_request", "since: expected a non-negative integer sequence number");
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => void this.#attach(ws, since));
  }

  close(): void {
    for (const client of this.#wss.clients) client.close(1001, "daemon stopping");
    this.#wss.close();
  }

  async #attach(ws: WebSocket, since: number | undefined): Promise<void> {
    const { runtime, log } = this.options;
    const send = (frame: StreamFrame): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(frame));
    };
    ws.on("error", (err) => log.debug({ err }, "stream client error"));
    ws.on("message", () => {
      // The stream is one-way; client frames carry no meaning and are ignored.
    });
    const unsubscribeHosts = this.options.fleet?.subscribe(send);
    if (unsubscribeHosts !== undefined) ws.on("close", unsubscribeHosts);
    // A client ahead of this journal (its data dir was replaced) starts over from a snapshot.
    if (since === undefined || since > runtime.seq) {
      send({ type: "snapshot", seq: runtime.seq, state: runtime.state, history: runtime.history });
      const unsubscribe = runtime.subscribe(send);
      ws.on("close", unsubscribe);
      return;
    }
    let lastSent = since;
    let backlog: EventFrame[] | undefined = [];
    const unsubscribe = runtime.subscribe((frame) => {
      if (backlog !== undefined) backlog.push(frame);
      else if (frame.seq > lastSent) {
        lastSent = frame.seq;
        send(frame);
      }
    });
    ws.on("close", unsubscribe);
    try {
      lastSent = await this.#replay(since, send);
    } catch (err) {
      log.error({ err }, "stream replay failed");
      ws.close(1011, "journal replay failed");
      return;
    }
    for (const frame of backlog) {
      if (frame.seq <= lastSent) continue;
      lastSent = frame.seq;
      send(frame);
    }
    backlog = undefined;
  }

  async #replay(since: number, send: (frame: EventFrame) => void): Promise<number> {
    let lastSent = since;
    for (;;) {
      const rows = await this.options.store.readEvents({ sinceSeq: lastSent, limit: REPLAY_PAGE });
      for (const row of rows) {
        lastSent = row.seq;
        const parsed = EngineEvent.safeParse(row.payload);
        if (parsed.success) send({ type: "event", seq: row.seq, at: row.at, event: parsed.data });
      }
      if (rows.length < REPLAY_PAGE) return lastSent;
    }
  }
}
