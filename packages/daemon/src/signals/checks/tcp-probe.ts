import { connect } from "node:net";
import { hostPort } from "../../config/field-schemas.js";
import type { CheckKind } from "./check-kind.js";
import { classifyConnectError, type ProbeResult } from "./probe-result.js";

export type TcpProbeOptions = {
  readonly host: string;
  readonly port: number;
  /** Covers name resolution and the TCP handshake. */
  readonly timeoutMs: number;
};

/** `tcp: <host:port>`: a completed handshake is healthy. */
export const tcpCheck: CheckKind<{ readonly kind: "tcp"; readonly host: string; readonly port: number }> = {
  settings: hostPort.transform((address) => ({ kind: "tcp" as const, ...address })),
  probe: probeTcp,
  slow: { pattern: "performance_issues", symptom: "high_response_times" },
};

/** One TCP health check: a completed handshake is healthy. Resolves with a result; never rejects. */
export function probeTcp(options: TcpProbeOptions): Promise<ProbeResult> {
  const startedAtMs = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAtMs);
  return new Promise((resolve) => {
    const socket = connect({ host: options.host, port: options.port });
    const finish = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          latencyMs: elapsedMs(),
          symptom: "health_check_failures",
          detail: `timeout after ${options.timeoutMs}ms`,
        }),
      options.timeoutMs,
    );
    socket.once("connect", () => finish({ ok: true, latencyMs: elapsedMs() }));
    socket.on("error", (err: NodeJS.ErrnoException) => {
      const code = err.code ?? "ECONNFAILED";
      finish({ ok: false, latencyMs: elapsedMs(), symptom: classifyConnectError(code), detail: err.message });
    });
  });
}
