import { isIPv6 } from "node:net";

export type HostPort = { readonly host: string; readonly port: number };

const HOST_PORT_PATTERN = /^(?:\[(?<ipv6>[^\]]+)\]|(?<name>[A-Za-z0-9.-]+)):(?<port>\d{1,5})$/;

/** Parses `host:port` or `[ipv6]:port`; the host comes back without brackets. */
export function parseHostPort(text: string): HostPort | undefined {
  const groups = HOST_PORT_PATTERN.exec(text)?.groups;
  if (groups === undefined) return undefined;
  const port = Number(groups.port);
  if (port > 65_535) return undefined;
  if (groups.ipv6 !== undefined) return isIPv6(groups.ipv6) ? { host: groups.ipv6, port } : undefined;
  const host = groups.name!;
  if (host.startsWith(".") || host.endsWith(".") || host.startsWith("-")) return undefined;
  return { host, port };
}
