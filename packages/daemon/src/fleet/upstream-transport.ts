import { readFile } from "node:fs/promises";
import { assertNever, type HostMessage } from "@orbt/core";
import type { UpstreamConfig } from "../config/fleet-config.js";
import { httpUpstream } from "./http-upstream.js";

/** One attempt's outcome, as a value: retries are the sender's. */
export type SendOutcome =
  | {
      readonly ok: true;
      /** The host's last seq the other end holds: applied (HTTP) or stored in the stream (JetStream). */
      readonly appliedThrough: number;
    }
  | { readonly ok: false; readonly error: string };

/** How a host's messages reach its central daemon: one attempt at the oldest ones, in order. */
export interface UpstreamTransport {
  send(host: string, messages: readonly HostMessage[]): Promise<SendOutcome>;
  close(): Promise<void>;
}

/** The transport `upstream:` names; its `token_file` is read here, an unreadable or empty one an error. */
export async function openUpstreamTransport(config: UpstreamConfig): Promise<UpstreamTransport> {
  switch (config.transport) {
    case "http":
      return httpUpstream(config.url, config.token ?? (await readTokenFile(config.tokenFile)));
    case "nats": {
      // Loaded only for this transport, as the fleet's consumer is (see start-daemon.ts).
      const { natsUpstream } = await import("./nats-upstream.js");
      return natsUpstream(config.servers, config.subject);
    }
    default:
      return assertNever(config);
  }
}

async function readTokenFile(path: string | null): Promise<string | null> {
  if (path === null) return null;
  let token: string;
  try {
    token = (await readFile(path, "utf8")).trim();
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? "read failed";
    throw new Error(`upstream.token_file: cannot read ${path} (${reason})`);
  }
  if (token === "") throw new Error(`upstream.token_file: ${path} is empty`);
  return token;
}
