import dns2 from "dns2";

export type DnsServer = {
  /** `127.0.0.1:<port>`, for a check's `server:`. */
  readonly address: string;
  /** The A records it answers with, by name; a name without any gets NXDOMAIN. */
  readonly records: Map<string, string[]>;
  /** Queries it received. */
  readonly queries: string[];
  /** How long it waits before answering. */
  setDelayMs(delayMs: number): void;
  close(): Promise<void>;
};

const { Packet } = dns2;

/** A real DNS server (UDP) on 127.0.0.1 at an ephemeral port, answering A queries from `records`. */
export async function startDnsServer(records: Record<string, string[]>): Promise<DnsServer> {
  const table = new Map(Object.entries(records));
  const queries: string[] = [];
  let delayMs = 0;
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question?.name ?? "";
      queries.push(name);
      const addresses = table.get(name) ?? [];
      // NXDOMAIN: no such name (RCODE 3; the typings name no RCODE constants).
      if (addresses.length === 0) response.header.rcode = 3;
      for (const address of addresses) {
        response.answers.push(
          Packet.createResourceFromQuestion(question!, { type: Packet.TYPE.A, ttl: 1, address }),
        );
      }
      setTimeout(() => send(response), delayMs);
    },
  });
  const { udp } = await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  return {
    address: `127.0.0.1:${udp?.port}`,
    records: table,
    queries,
    setDelayMs: (next) => {
      delayMs = next;
    },
    close: async () => {
      await server.close();
    },
  };
}
