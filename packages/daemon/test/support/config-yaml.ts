import { REMEDY_SCRIPT } from "./orbtd-process.js";

export type RemedySpec = {
  readonly solution: string;
  readonly action: "heal" | "noop";
  readonly sleepMs?: number;
  readonly exitCode?: number;
  readonly timeout?: string;
  readonly verifyFor?: string;
};

/** A config watching one flaky service with fast checks, remedies running the test remedy script. */
export function flakyServiceConfig(options: {
  readonly port: number;
  readonly dataDir: string;
  readonly healthUrl: string;
  readonly controlUrl: string;
  readonly remedies: readonly RemedySpec[];
  readonly webhook?: string;
  readonly shutdownGrace?: string;
  /** YAML appended to the config, at the top level. */
  readonly extra?: string;
  /** YAML appended under the service, e.g. `    scale: medium\n`. */
  readonly serviceExtra?: string;
}): string {
  const remedies = options.remedies
    .map(
      (remedy) => `  - solution: ${remedy.solution}
    service: web
    exec: ${JSON.stringify([process.execPath, REMEDY_SCRIPT, options.controlUrl, remedy.action, String(remedy.sleepMs ?? 0), String(remedy.exitCode ?? 0)])}
    timeout: ${remedy.timeout ?? "20s"}
    verify_for: ${remedy.verifyFor ?? "800ms"}`,
    )
    .join("\n");
  return `project: shop
environment: dev
listen: 127.0.0.1:${options.port}
data_dir: ${JSON.stringify(options.dataDir)}
otlp: false
services:
  - name: web
    platform: exec
${options.serviceExtra ?? ""}    checks:
      - http: ${options.healthUrl}
        interval: 200ms
        timeout: 200ms
        fail_after: 2
remedies:
${remedies === "" ? "  []" : remedies}
strikes: { strike1_timeout: 30s, strike2_timeout: 30s }
${options.webhook === undefined ? "" : `escalation:\n  webhook: ${options.webhook}\n`}${options.shutdownGrace === undefined ? "" : `shutdown_grace: ${options.shutdownGrace}\n`}${options.extra ?? ""}`;
}
