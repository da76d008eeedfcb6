import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { ApiError, EngineEvent, type EventFrame, type HostFrame, StreamFrame } from "@orbt/core";
import { type WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import type { Logger } from "../create-logger.js";
import type { FleetInbox } from "../fleet/fleet-inbox.js";
import type { OrbtRuntime } from "../runtime/orbt-runtime.js";
import type { Store } from "../store/store.js";
import type { AuthDecision, Role } from "./auth/index.js";
import type { ExtraOperation } from "./openapi/build-openapi-document.js";
import { jsonResponse } from "./openapi/describe-route.js";
import { TurnBatcher } from "./turn-batcher.js";

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
// At 100 events a second to 200 clients, a write per frame per client was most of the hub's CPU; a frame
// waits at most this long for others to share its write.
const FLUSH_INTERVAL_MS = 20;

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

/** One connected client: the last seq it was sent, and the live frames held while its journal replay runs. */
type StreamClient = {
  readonly ws: WebSocket;
  readonly socket: Duplex;
  lastSent: number;
  backlog: { readonly seq: number; readonly data: Buffer }[] | undefined;
};

function encode(frame: StreamFrame): Buffer {
  return Buffer.from(JSON.stringify(frame));
}

/**
 * WebSocket `/api/v1/stream`: a snapshot then live events, or with `?since=N` the journal after N then live.
 * Each live frame is serialized once for every client, and the frames that come to a client within one
 * flush interval (see `TurnBatcher`) leave its socket in one write.
 */
export class StreamHub {
  // Compression would deflate the same frame once per client; frames are small and the clients local.
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  readonly #clients = new Set<StreamClient>();
  readonly #batcher = new TurnBatcher(FLUSH_INTERVAL_MS);
  readonly #unsubscribe: () => void;

  constructor(private readonly options: StreamHubOptions) {
    const unsubscribeEvents = options.runtime.subscribe((frame) => this.#broadcast(frame));
    const unsubscribeHosts = options.fleet?.subscribe((frame) => this.#broadcastHost(frame));
    this.#unsubscribe = () => {
      unsubscribeEvents();
      unsubscribeHosts?.();
    };
  }

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
    this.#wss.handleUpgrade(request, socket, head, (ws) => void this.#attach(ws, socket, since));
  }

  close(): void {
    this.#unsubscribe();
    for (const client of this.#wss.clients) client.close(1001, "daemon stopping");
    this.#wss.close();
  }

  #broadcast(frame: EventFrame): void {
    if (this.#clients.size === 0) return;
    const data = encode(frame);
    for (const client of this.#clients) {
      if (client.backlog !== undefined) client.backlog.push({ seq: frame.seq, data });
      else this.#sendLive(client, frame.seq, data);
    }
  }

  /** Host frames carry no journal seq: every client gets them as they come, replaying or not. */
  #broadcastHost(frame: HostFrame): void {
    if (this.#clients.size === 0) return;
    const data = encode(frame);
    for (const client of this.#clients) this.#send(client, data);
  }

  #sendLive(client: StreamClient, seq: number, data: Buffer): void {
    if (seq <= client.lastSent) return;
    client.lastSent = seq;
    this.#send(client, data);
  }

  #send({ ws, socket }: StreamClient, data: Buffer): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    this.#batcher.hold(socket);
    ws.send(data, { binary: false });
  }

  async #attach(ws: WebSocket, socket: Duplex, since: number | undefined): Promise<void> {
    const { runtime, log } = this.options;
    ws.on("error", (err) => log.debug({ err }, "stream client error"));
    ws.on("message", () => {
      // The stream is one-way; client frames carry no meaning and are ignored.
    });
    // A client ahead of this journal (its data dir was replaced) starts over from a snapshot.
    const isSnapshot = since === undefined || since > runtime.seq;
    const client: StreamClient = {
      ws,
      socket,
      lastSent: isSnapshot ? runtime.seq : since,
      backlog: isSnapshot ? undefined : [],
    };
    this.#clients.add(client);
    ws.on("close", () => this.#clients.delete(client));
    if (isSnapshot) {
      this.#send(
        client,
        encode({ type: "snapshot", seq: runtime.seq, state: runtime.state, history: runtime.history }),
      );
      return;
    }
    try {
      await this.#replay(client);
    } catch (err) {
      log.error({ err }, "stream replay failed");
      ws.close(1011, "journal replay failed");
      return;
    }
    const backlog = client.backlog ?? [];
    client.backlog = undefined;
    for (const { seq, data } of backlog) this.#sendLive(client, seq, data);
  }

  async #replay(client: StreamClient): Promise<void> {
    for (;;) {
      const rows = await this.options.store.readEvents({ sinceSeq: client.lastSent, limit: REPLAY_PAGE });
      for (const row of rows) {
        client.lastSent = row.seq;
        const parsed = EngineEvent.safeParse(row.payload);
        if (parsed.success)
          this.#send(client, encode({ type: "event", seq: row.seq, at: row.at, event: parsed.data }));
      }
      if (rows.length < REPLAY_PAGE) return;
    }
  }
}
