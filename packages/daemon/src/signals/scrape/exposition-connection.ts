import { connect, type Socket } from "node:net";
import { createGunzip } from "node:zlib";

/** A response whose head came; `read` hands its body over, decompressed, as it arrives. */
export type ExpositionResponse = {
  readonly status: number;
  /** Header names lower-cased; repeated headers joined by ", ". */
  readonly headers: ReadonlyMap<string, string>;
  /**
   * Reads the body to its end, `onChunk` seeing each piece (valid during the call only: it is the
   * shared read buffer) and returning false to give up; rejects on a socket error, a close or `cancel`.
   */
  readonly read: (onChunk: (chunk: Uint8Array) => boolean) => Promise<void>;
  /** Drops the body unread; the connection goes with it. */
  readonly cancel: () => void;
};

export type ExpositionRequest = {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
};

// What every socket reads into, in turn: a read is consumed before the next one lands (the body's first
// bytes, read with the head, are copied before the socket pauses for `read`).
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const MAX_HEAD_BYTES = 64 * 1024;
const CR = 13;
const LF = 10;

/** How the body ends: at a length, after its last chunk, or when the server closes. */
type Framing = { kind: "length"; remaining: number } | { kind: "chunked" } | { kind: "close" };

/** A failure with a code, as `describeFetchFailure` reads socket errors. */
class ConnectionError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * One target's HTTP/1.1 keep-alive connection for plain `http:` URLs, its socket reading into one
 * buffer the whole process shares (`onread`). Through `fetch`, each read of 64 KiB was a fresh buffer
 * plus a copy of it, some 20 MB of garbage for a 10 MB exposition that stayed resident until a full
 * collection: at 100k series, tens of MB of RSS. One request at a time.
 */
export class ExpositionConnection {
  #socket: Socket | undefined;
  /** Whoever reads the socket now: it returns false to pause it. */
  #onBytes: (bytes: Uint8Array) => boolean = () => false;
  /** Told when the socket fails or is destroyed under the request in progress. */
  #onFailure: (error: Error) => void = () => {};
  /** The server ended its side. */
  #onEnd: () => void = () => {};

  /** GETs `url` up to the response head; retries once on a fresh socket when a kept one was closed. */
  async get(request: ExpositionRequest): Promise<ExpositionResponse> {
    const isReused = this.#socket !== undefined;
    try {
      return await this.#get(request);
    } catch (error) {
      if (!isReused || request.signal.aborted || !isClosedUnderUs(error)) throw error;
      return this.#get(request);
    }
  }

  #get(request: ExpositionRequest): Promise<ExpositionResponse> {
    request.signal.throwIfAborted();
    const socket = this.#socket ?? this.#connect(request.url);
    socket.ref();
    const onAbort = () => this.#destroy(new ConnectionError("ABORT_ERR", "request aborted"));
    request.signal.addEventListener("abort", onAbort, { once: true });
    const release = () => request.signal.removeEventListener("abort", onAbort);
    return new Promise<ExpositionResponse>((resolve, reject) => {
      this.#onFailure = (error) => {
        release();
        reject(error);
      };
      this.#onEnd = () => this.#destroy(new ConnectionError("ECONNRESET", "other side closed"));
      const head = new HeadReader();
      this.#onBytes = (bytes) => {
        const bodyAt = head.write(bytes);
        if (bodyAt === -1) return true;
        if (typeof bodyAt === "string") {
          this.#destroy(new ConnectionError("HPE_INVALID", bodyAt));
          return false;
        }
        const response = head.response();
        // An interim response (100 Continue): the real one follows.
        if (response.status >= 100 && response.status < 200) {
          head.reset();
          return bodyAt === bytes.length || this.#onBytes(bytes.subarray(bodyAt));
        }
        const framing = framingOf(response.headers);
        if (typeof framing === "string") {
          this.#destroy(new ConnectionError("HPE_INVALID", framing));
          return false;
        }
        // The rest of this read is the body's start: copied, as the buffer is shared, while the socket
        // waits paused for `read`; a failure meanwhile is kept for it.
        const first = Buffer.from(bytes.subarray(bodyAt));
        let failure: Error | undefined;
        this.#onBytes = () => false;
        this.#onFailure = (error) => {
          failure = error;
        };
        resolve({
          status: response.status,
          headers: response.headers,
          read: (onChunk) => {
            const reading =
              failure === undefined
                ? this.#readBody(first, framing, response, onChunk)
                : Promise.reject(failure);
            return reading.finally(release);
          },
          cancel: () => {
            release();
            this.#drop();
          },
        });
        return false;
      };
      socket.write(requestHead(request));
      socket.resume();
    });
  }

  #connect(url: URL): Socket {
    const socket = connect({
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port === "" ? 80 : Number(url.port),
      onread: {
        buffer: READ_BUFFER,
        callback: (length, buffer) => this.#onBytes(buffer.subarray(0, length)),
      },
    });
    socket.on("error", (error) => this.#fail(socket, error));
    socket.on("end", () => {
      if (this.#socket === socket) this.#onEnd();
    });
    socket.on("close", () => this.#fail(socket, new ConnectionError("ECONNRESET", "other side closed")));
    this.#socket = socket;
    return socket;
  }

  #readBody(
    first: Uint8Array,
    framing: Framing,
    response: ParsedHead,
    onChunk: (chunk: Uint8Array) => boolean,
  ): Promise<void> {
    const socket = this.#socket!;
    return new Promise<void>((resolve, reject) => {
      const gunzip = response.contentEncoding === "gzip" ? createGunzip() : undefined;
      const refuse = () => {
        gunzip?.destroy();
        this.#drop();
        resolve();
      };
      const finish = () => {
        this.#onBytes = (bytes) => {
          // Nothing is due on an idle connection: a server that talks out of turn loses it.
          if (bytes.length > 0) this.#drop();
          return false;
        };
        this.#onFailure = () => {};
        this.#onEnd = () => this.#drop();
        if (framing.kind !== "close" && response.isKeepAlive) socket.unref();
        else this.#drop();
        if (gunzip === undefined) resolve();
        else gunzip.end();
      };
      if (gunzip !== undefined) {
        gunzip.on("data", (chunk: Buffer) => {
          if (!onChunk(chunk)) refuse();
        });
        gunzip.on("end", () => resolve());
        gunzip.on("error", (error) => {
          this.#drop();
          reject(error);
        });
      }
      const deliver = (bytes: Uint8Array): boolean => {
        if (bytes.length === 0) return true;
        // Gunzip works asynchronously: it gets a copy, as the read buffer is reused.
        if (gunzip !== undefined) gunzip.write(Buffer.from(bytes));
        else if (!onChunk(bytes)) {
          refuse();
          return false;
        }
        return true;
      };
      const body = new BodyDecoder(framing);
      this.#onFailure = (error) => {
        gunzip?.destroy();
        reject(error);
      };
      this.#onEnd = () => {
        if (framing.kind === "close") finish();
        else this.#destroy(new ConnectionError("ECONNRESET", "other side closed before the body ended"));
      };
      this.#onBytes = (bytes) => {
        const outcome = body.write(bytes, deliver);
        if (outcome === "more") return true;
        if (outcome === "done") finish();
        else if (outcome !== "stopped") this.#destroy(new ConnectionError("HPE_INVALID", outcome));
        return false;
      };
      if (this.#onBytes(first)) socket.resume();
    });
  }

  #fail(socket: Socket, error: Error): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    socket.destroy();
    const onFailure = this.#onFailure;
    this.#onFailure = () => {};
    this.#onBytes = () => false;
    onFailure(error);
  }

  /** Ends the connection, failing the request in progress with `error`. */
  #destroy(error: Error): void {
    if (this.#socket !== undefined) this.#fail(this.#socket, error);
  }

  /** Ends the kept connection, if any; a request in progress fails. */
  close(): void {
    this.#destroy(new ConnectionError("ECONNRESET", "connection closed"));
  }

  /** Ends the connection with nobody to tell. */
  #drop(): void {
    this.#onFailure = () => {};
    this.#destroy(new ConnectionError("ECONNRESET", "dropped"));
  }
}

/** A kept socket the server closed while it was idle: the request is worth one more try on a fresh one. */
function isClosedUnderUs(error: unknown): boolean {
  const code = error instanceof Error && "code" in error ? error.code : undefined;
  return code === "ECONNRESET" || code === "EPIPE";
}

type ParsedHead = {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly isKeepAlive: boolean;
  readonly contentEncoding: string;
};

const HEAD_END = [CR, LF, CR, LF];

/** Collects a response head up to its blank line, copying only the head's bytes. */
class HeadReader {
  #bytes = Buffer.allocUnsafe(1024);
  #length = 0;
  /** How many bytes of CR LF CR LF the head ends with so far. */
  #matched = 0;

  /** Where the body starts in `bytes`, -1 when the head goes on, or why the head is bad. */
  write(bytes: Uint8Array): number | string {
    let end = -1;
    let matched = this.#matched;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (byte === HEAD_END[matched]) matched++;
      else matched = byte === CR ? 1 : 0;
      if (matched === 4) {
        end = i + 1;
        break;
      }
    }
    this.#matched = matched;
    const taken = end === -1 ? bytes.length : end;
    const length = this.#length + taken;
    if (length > MAX_HEAD_BYTES) return `response head over ${MAX_HEAD_BYTES} bytes`;
    if (length > this.#bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(length, 2 * this.#bytes.length));
      this.#bytes.copy(grown, 0, 0, this.#length);
      this.#bytes = grown;
    }
    this.#bytes.set(bytes.subarray(0, taken), this.#length);
    this.#length = length;
    return end;
  }

  reset(): void {
    this.#length = 0;
    this.#matched = 0;
  }

  response(): ParsedHead {
    const lines = this.#bytes.toString("latin1", 0, this.#length - 4).split("\r\n");
    const status = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0]!);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const before = headers.get(name);
      headers.set(name, before === undefined ? value : `${before}, ${value}`);
    }
    const connection = (headers.get("connection") ?? "").toLowerCase();
    const isHttp11 = status?.[1] === "1";
    return {
      // A status line that does not parse fails as a status no scrape accepts.
      status: status === null ? 0 : Number(status[2]),
      headers,
      isKeepAlive: isHttp11 ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection),
      contentEncoding: (headers.get("content-encoding") ?? "identity").trim().toLowerCase(),
    };
  }
}

function framingOf(headers: ReadonlyMap<string, string>): Framing | string {
  const transferEncoding = headers.get("transfer-encoding");
  if (transferEncoding !== undefined) {
    if (transferEncoding.trim().toLowerCase() !== "chunked")
      return `unsupported transfer-encoding ${JSON.stringify(transferEncoding)}`;
    return { kind: "chunked" };
  }
  const contentLength = headers.get("content-length");
  if (contentLength === undefined) return { kind: "close" };
  if (!/^\d+$/.test(contentLength.trim())) return `invalid content-length ${JSON.stringify(contentLength)}`;
  return { kind: "length", remaining: Number(contentLength) };
}

type ChunkState = "size" | "extension" | "size-lf" | "data" | "data-cr" | "data-lf" | "trailer";

/** Takes the body out of the framing: counted bytes, chunked transfer coding, or all until close. */
class BodyDecoder {
  readonly #framing: Framing;
  #state: ChunkState = "size";
  #chunkRemaining = 0;
  #sizeDigits = 0;
  /** Bytes of the trailer line being read; an empty line ends the body. */
  #trailerLineLength = 0;

  constructor(framing: Framing) {
    this.#framing = framing;
  }

  /** "more" to go on, "done" at the body's end, "stopped" when `deliver` gave up, else what is wrong. */
  write(bytes: Uint8Array, deliver: (bytes: Uint8Array) => boolean): string {
    const framing = this.#framing;
    if (framing.kind === "close") return deliver(bytes) ? "more" : "stopped";
    if (framing.kind === "length") {
      if (bytes.length > framing.remaining) return "more data than content-length";
      framing.remaining -= bytes.length;
      if (!deliver(bytes)) return "stopped";
      return framing.remaining === 0 ? "done" : "more";
    }
    return this.#writeChunked(bytes, deliver);
  }

  #writeChunked(bytes: Uint8Array, deliver: (bytes: Uint8Array) => boolean): string {
    let i = 0;
    while (i < bytes.length) {
      const byte = bytes[i]!;
      switch (this.#state) {
        case "size": {
          const digit = hexDigit(byte);
          if (digit >= 0) {
            if (++this.#sizeDigits > 12) return "chunk size too large";
            this.#chunkRemaining = this.#chunkRemaining * 16 + digit;
          } else if (this.#sizeDigits === 0) return "invalid chunk size";
          else if (byte === CR) this.#state = "size-lf";
          else this.#state = "extension";
          i++;
          break;
        }
        case "extension":
          if (byte === CR) this.#state = "size-lf";
          i++;
          break;
        case "size-lf":
          if (byte !== LF) return "invalid chunk size line";
          this.#sizeDigits = 0;
          this.#state = this.#chunkRemaining === 0 ? "trailer" : "data";
          this.#trailerLineLength = 0;
          i++;
          break;
        case "data": {
          const end = Math.min(bytes.length, i + this.#chunkRemaining);
          this.#chunkRemaining -= end - i;
          if (!deliver(bytes.subarray(i, end))) return "stopped";
          i = end;
          if (this.#chunkRemaining === 0) this.#state = "data-cr";
          break;
        }
        case "data-cr":
          if (byte !== CR) return "missing CRLF after chunk data";
          this.#state = "data-lf";
          i++;
          break;
        case "data-lf":
          if (byte !== LF) return "missing CRLF after chunk data";
          this.#state = "size";
          i++;
          break;
        case "trailer":
          i++;
          if (byte === LF) {
            if (this.#trailerLineLength === 0) return i === bytes.length ? "done" : "data after the body";
            this.#trailerLineLength = 0;
          } else if (byte !== CR) this.#trailerLineLength++;
          break;
      }
    }
    return "more";
  }
}

function hexDigit(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}

function requestHead({ url, headers }: ExpositionRequest): string {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}
