import { assertNever } from "@orbt/core";
import dns2 from "dns2";

export type DnsServer = {
  /** `127.0.0.1:<port>`, for a check's `server:`. */
  readonly address: string;
  /**
   * The records it answers with: A records by name, others by `TYPE name` (`"TXT shop.test"`,
   * `"CNAME www.shop.test"`, `"MX shop.test"`, `"NS shop.test"`). A name without any gets NXDOMAIN.
   */
  readonly records: Map<string, string[]>;
  /** Queries it received. */
  readonly queries: string[];
  /** How long it waits before answering. */
  setDelayMs(delayMs: number): void;
  close(): Promise<void>;
};

const { Packet } = dns2;

const ANSWERED_TYPES = ["A", "CNAME", "TXT", "MX", "NS"] as const;

/** The resource data of one answer of `type`, in the field dns2 encodes it from. */
function resourceData(type: (typeof ANSWERED_TYPES)[number], value: string): Record<string, unknown> {
  switch (type) {
    case "A":
      return { address: value };
    case "CNAME":
      return { domain: value };
    case "TXT":
      return { data: value };
    case "MX":
      return { exchange: value, priority: 10 };
    case "NS":
      return { ns: value };
    default:
      return assertNever(type);
  }
}

/** A real DNS server (UDP) on 127.0.0.1 at an ephemeral port, answering A, CNAME, TXT, MX and NS queries from `records`. */
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
      const type = ANSWERED_TYPES.find((each) => Packet.TYPE[each] === question?.type) ?? "A";
      const values = table.get(type === "A" ? name : `${type} ${name}`) ?? [];
      // NXDOMAIN: no such name (RCODE 3; the typings name no RCODE constants).
      if (values.length === 0) response.header.rcode = 3;
      for (const value of values) {
        response.answers.push(
          Packet.createResourceFromQuestion(question!, {
            type: Packet.TYPE[type],
            ttl: 1,
            ...resourceData(type, value),
          }),
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
