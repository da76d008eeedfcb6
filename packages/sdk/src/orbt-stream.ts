import {
  type EngineState,
  type EventFrame,
  type HostFrame,
  type IncidentHistory,
  recordHistory,
  StreamFrame,
  step,
} from "@orbt/core";
import { type RawData, WebSocket } from "ws";

export type StreamStatus = "connecting" | "connected" | "reconnecting" | "closed";

export type OrbtStreamErrorCode = "invalid_frame" | "seq_gap" | "connection_error" | "listener_failed";

export type OrbtStreamError = {
  readonly code: OrbtStreamErrorCode;
  readonly message: string;
  readonly cause?: unknown;
};

export type OrbtStreamOptions = {
  readonly baseUrl: string;
  readonly token?: string;
  /** The `ws` client class by default; a test can inject another with the same API. */
  readonly WebSocket?: typeof WebSocket;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Pings this often; a socket that misses a pong is dropped and reconnected. Default 15 s. */
  readonly heartbeatMs?: number;
};

export type Unsubscribe = () => void;

export type StateListener = (state: EngineState, seq: number, history: IncidentHistory) => void;

/**
 * A live mirror of the daemon's engine state (live incidents) and incident history (the latest
 * resolved ones and outcome counts). Listeners are called synchronously;
 * nothing the stream meets (bad frames, dropped sockets, throwing listeners) is thrown into the host.
 */
export type OrbtStream = {
  getState(): EngineState | null;
  /** null until the first snapshot, like the state. */
  getHistory(): IncidentHistory | null;
  getLastSeq(): number | null;
  getStatus(): StreamStatus;
  onState(listener: StateListener): Unsubscribe;
  onEvent(listener: (frame: EventFrame, state: EngineState) => void): Unsubscribe;
  /** On a central daemon: what each host reported, as it is applied there (live only, never replayed). */
  onHost(listener: (frame: HostFrame) => void): Unsubscribe;
  onStatusChange(listener: (status: StreamStatus) => void): Unsubscribe;
  onError(listener: (error: OrbtStreamError) => void): Unsubscribe;
  close(): void;
};

const DEFAULT_INITIAL_DELAY_MS = 250;
const DEFAULT_MAX_DELAY_MS = 10_000;
const DEFAULT_HEARTBEAT_MS = 15_000;

export function openStream(options: OrbtStreamOptions): OrbtStream {
  const Socket = options.WebSocket ?? WebSocket;
  const initialDelayMs = options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const headers: Record<string, string> =
    options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };

  const stateListeners = new Set<StateListener>();
  const eventListeners = new Set<(frame: EventFrame, state: EngineState) => void>();
  const hostListeners = new Set<(frame: HostFrame) => void>();
  const statusListeners = new Set<(status: StreamStatus) => void>();
  const errorListeners = new Set<(error: OrbtStreamError) => void>();

  let state: EngineState | null = null;
  let history: IncidentHistory | null = null;
  let lastSeq: number | null = null;
  // After a gap the kept state can't be resumed: the next connection asks for a fresh snapshot.
  let needsSnapshot = true;
  let status: StreamStatus = "connecting";
  let socket: WebSocket | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function reportError(error: OrbtStreamError): void {
    for (const listener of errorListeners) {
      try {
        listener(error);
      } catch {
        // An error listener that throws has nowhere left to report to.
      }
    }
  }

  function emit<A extends unknown[]>(listeners: Set<(...args: A) => void>, ...args: A): void {
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (cause) {
        reportError({ code: "listener_failed", message: `a stream listener threw: ${String(cause)}`, cause });
      }
    }
  }

  function setStatus(next: StreamStatus): void {
    if (status === next) return;
    status = next;
    emit(statusListeners, next);
  }

  function streamUrl(): string {
    const base = `${options.baseUrl.replace(/\/+$/, "").replace(/^http/, "ws")}/api/v1/stream`;
    return needsSnapshot || lastSeq === null ? base : `${base}?since=${lastSeq}`;
  }

  function connect(): void {
    retryTimer = undefined;
    let ws: WebSocket;
    try {
      ws = new Socket(streamUrl(), { headers });
    } catch (cause) {
      reportError({ code: "connection_error", message: `cannot open the stream: ${String(cause)}`, cause });
      scheduleReconnect();
      return;
    }
    socket = ws;
    // A sleeping laptop or a dead NAT entry leaves a socket that never closes; only a missed pong shows it.
    let isAwaitingPong = false;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    ws.on("open", () => {
      if (ws !== socket) return;
      attempt = 0;
      setStatus("connected");
      heartbeat = setInterval(() => {
        if (!isAwaitingPong) {
          isAwaitingPong = true;
          ws.ping();
          return;
        }
        reportError({ code: "connection_error", message: `no pong within ${heartbeatMs} ms` });
        ws.terminate();
      }, heartbeatMs);
    });
    ws.on("pong", () => {
      isAwaitingPong = false;
    });
    ws.on("message", (data: RawData) => {
      isAwaitingPong = false;
      if (ws === socket) receive(rawText(data));
    });
    ws.on("error", (cause: Error) => {
      if (ws === socket) reportError({ code: "connection_error", message: cause.message, cause });
    });
    ws.on("close", () => {
      clearInterval(heartbeat);
      if (ws !== socket) return;
      socket = undefined;
      scheduleReconnect();
    });
  }

  function scheduleReconnect(): void {
    if (status === "closed") return;
    setStatus("reconnecting");
    const ceilingMs = Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
    attempt += 1;
    // Jitter spreads the reconnects of many clients after a daemon restart.
    retryTimer = setTimeout(connect, ceilingMs / 2 + (Math.random() * ceilingMs) / 2);
  }

  function resync(message: string): void {
    reportError({ code: "seq_gap", message });
    needsSnapshot = true;
    const stale = socket;
    socket = undefined;
    stale?.terminate();
    scheduleReconnect();
  }

  function receive(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      reportError({ code: "invalid_frame", message: "frame is not JSON", cause });
      return;
    }
    const parsed = StreamFrame.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? "" : ` at ${issue.path.map(String).join(".") || "(root)"}`;
      reportError({ code: "invalid_frame", message: `${issue?.message ?? "invalid frame"}${where}` });
      return;
    }
    const frame = parsed.data;
    if (frame.type === "snapshot") {
      state = frame.state;
      history = frame.history;
      lastSeq = frame.seq;
      needsSnapshot = false;
      emit(stateListeners, state, lastSeq, history);
      return;
    }
    // A host's seq is its own, not this journal's: it neither advances nor gaps the stream.
    if (frame.type === "host") {
      emit(hostListeners, frame);
      return;
    }
    if (state === null || history === null || lastSeq === null) {
      resync(`event ${frame.seq} arrived before any snapshot`);
      return;
    }
    // A resume may replay events this client already applied.
    if (frame.seq <= lastSeq) return;
    if (frame.seq !== lastSeq + 1) {
      resync(`expected event ${lastSeq + 1}, got ${frame.seq}`);
      return;
    }
    const stepped = step(state, frame.event, frame.at);
    state = stepped.state;
    history = recordHistory(history, stepped.effects);
    lastSeq = frame.seq;
    emit(eventListeners, frame, state);
    emit(stateListeners, state, lastSeq, history);
  }

  function subscribe<L>(listeners: Set<L>, listener: L): Unsubscribe {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }

  connect();

  return {
    getState: () => state,
    getHistory: () => history,
    getLastSeq: () => lastSeq,
    getStatus: () => status,
    onState: (listener) => subscribe(stateListeners, listener),
    onEvent: (listener) => subscribe(eventListeners, listener),
    onHost: (listener) => subscribe(hostListeners, listener),
    onStatusChange: (listener) => subscribe(statusListeners, listener),
    onError: (listener) => subscribe(errorListeners, listener),
    close() {
      if (status === "closed") return;
      setStatus("closed");
      clearTimeout(retryTimer);
      const open = socket;
      socket = undefined;
      open?.close();
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
