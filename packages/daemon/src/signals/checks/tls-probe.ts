import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { connect } from "node:tls";
import * as z from "zod";
import { expecting, hostPort, positiveInteger } from "../../config/field-schemas.js";
import type { HostPort } from "../../config/host-port.js";
import { describeError } from "../ingest/describe-error.js";
import type { CheckKind } from "./check-kind.js";
import { classifyConnectError, type ProbeResult, type ProbeSymptom } from "./probe-result.js";

export type TlsTarget = {
  readonly kind: "tls";
  readonly host: string;
  readonly port: number;
  /** The name sent (SNI) and checked against the certificate; the host when it is a name. */
  readonly serverName?: string;
  /** A PEM file of the CAs to trust instead of Node's bundled ones. */
  readonly caFile?: string;
  /** A certificate with fewer whole days left fails the check. */
  readonly minDaysLeft: number;
};

const DAY_MS = 86_400_000;
const MIN_DAYS_LEFT_DEFAULT = 14;

const target = (address: HostPort, rest: Partial<TlsTarget> = {}): TlsTarget => ({
  kind: "tls",
  ...address,
  minDaysLeft: MIN_DAYS_LEFT_DEFAULT,
  ...rest,
});

/**
 * `tls: <host:port>` or `tls: {address, server_name, ca, min_days_left}`: the handshake succeeds with a
 * trusted certificate for the name that has at least `min_days_left` (14) days left.
 */
export const tlsCheck: CheckKind<TlsTarget> = {
  settings: z
    .union(
      [
        hostPort.transform((address) => target(address)),
        z
          .strictObject(
            {
              address: hostPort.describe("host:port to connect to."),
              server_name: z
                .string(expecting("a DNS name"))
                .min(1, expecting("a DNS name"))
                .optional()
                .describe("DNS name sent (SNI) and checked against the certificate."),
              ca: z
                .string(expecting("a path to a PEM file"))
                .min(1, expecting("a path to a PEM file"))
                .optional()
                .describe("PEM file of CAs to trust instead, for an internal CA."),
              min_days_left: positiveInteger
                .default(MIN_DAYS_LEFT_DEFAULT)
                .describe("A certificate with fewer whole days left fails the check."),
            },
            expecting("a mapping with address"),
          )
          .transform((raw) =>
            target(raw.address, {
              serverName: raw.server_name,
              caFile: raw.ca,
              minDaysLeft: raw.min_days_left,
            }),
          ),
      ],
      expecting("host:port like example.com:443, or a mapping with address"),
    )
    .describe(
      "A TLS handshake with host:port (or a mapping with address); the certificate must be trusted and not near expiry.",
    ),
  probe: probeTls,
  slow: { pattern: "performance_issues", symptom: "high_response_times" },
};

/** What the handshake showed: the certificate's end, and why it is not trusted (null: trusted). */
type Handshake = { readonly validToMs: number; readonly subject: string; readonly untrusted: string | null };

function handshake(options: TlsTarget & { readonly ca: Buffer | undefined; readonly timeoutMs: number }) {
  return new Promise<Handshake>((resolve, reject) => {
    const servername = options.serverName ?? (isIP(options.host) === 0 ? options.host : undefined);
    // Trust is judged below, so an untrusted certificate's expiry is still read and reported.
    const socket = connect({
      host: options.host,
      port: options.port,
      servername,
      ca: options.ca,
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timeout after ${options.timeoutMs}ms`));
    }, options.timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      socket.destroy();
    };
    socket.once("secureConnect", () => {
      const certificate = socket.getPeerCertificate();
      settle();
      if (certificate.valid_to === undefined) return reject(new Error("no certificate presented"));
      const untrusted = socket.authorized ? null : String(socket.authorizationError);
      const names = certificate.subject?.CN ?? "";
      const subject = Array.isArray(names) ? names.join(", ") : names;
      resolve({ validToMs: Date.parse(certificate.valid_to), subject, untrusted });
    });
    socket.once("error", (err) => {
      settle();
      reject(err);
    });
  });
}

/** One handshake: an untrusted, expired or soon expiring certificate fails. Never rejects. */
export async function probeTls(options: TlsTarget & { readonly timeoutMs: number }): Promise<ProbeResult> {
  const startedAtMs = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAtMs);
  const failed = (detail: string, symptom: ProbeSymptom = "health_check_failures"): ProbeResult => ({
    ok: false,
    latencyMs: elapsedMs(),
    symptom,
    detail,
  });
  let ca: Buffer | undefined;
  try {
    ca = options.caFile === undefined ? undefined : await readFile(options.caFile);
  } catch (err) {
    return failed(`ca ${options.caFile}: ${describeError(err)}`);
  }
  let shown: Handshake;
  try {
    shown = await handshake({ ...options, ca });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return failed(
      describeError(err),
      code === undefined ? "health_check_failures" : classifyConnectError(code),
    );
  }
  const daysLeft = Math.floor((shown.validToMs - Date.now()) / DAY_MS);
  const expiry = new Date(shown.validToMs).toISOString().slice(0, 10);
  const subject = shown.subject === "" ? "certificate" : `certificate of ${shown.subject}`;
  const expiresAt = { certificateExpiresAt: shown.validToMs };
  if (shown.validToMs <= Date.now()) return { ...failed(`${subject} expired on ${expiry}`), ...expiresAt };
  if (shown.untrusted !== null)
    return { ...failed(`${subject} not trusted: ${shown.untrusted}`), ...expiresAt };
  if (daysLeft < options.minDaysLeft) {
    return {
      ...failed(
        `${subject} expires in ${daysLeft} days, on ${expiry} (min_days_left ${options.minDaysLeft})`,
      ),
      ...expiresAt,
    };
  }
  return { ok: true, latencyMs: elapsedMs(), ...expiresAt };
}

/** When the certificate a TLS check's target shows ends (ms since the epoch); null when no handshake completed. */
export async function readCertificateExpiry(
  options: TlsTarget & { readonly timeoutMs: number },
): Promise<number | null> {
  try {
    const ca = options.caFile === undefined ? undefined : await readFile(options.caFile);
    return (await handshake({ ...options, ca })).validToMs;
  } catch {
    return null;
  }
}
