export type ProbeSymptom = "service_unavailable" | "health_check_failures" | "DNS_problems";

export type ProbeResult =
  | {
      readonly ok: true;
      readonly latencyMs: number;
      readonly status?: number;
      /** Why the answer counts as slow though it came within the latency threshold (a response-time condition). */
      readonly slowDetail?: string;
      /** When the certificate shown ends (ms since the epoch), for a kind that reads one. */
      readonly certificateExpiresAt?: number;
    }
  | {
      readonly ok: false;
      readonly latencyMs: number;
      readonly symptom: ProbeSymptom;
      /** Human-readable cause, e.g. `HTTP 503`, `timeout after 500ms`, `ECONNREFUSED`. */
      readonly detail: string;
      /** The HTTP status of an answer that was not 2xx. */
      readonly status?: number;
      readonly certificateExpiresAt?: number;
    };

// Nothing answered at the address (or the name has no address): the service is down, not unhealthy.
const UNAVAILABLE_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EADDRNOTAVAIL",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
]);

/** Maps a connection error code to the uptime symptom it signals. */
export function classifyConnectError(code: string): ProbeSymptom {
  return UNAVAILABLE_ERROR_CODES.has(code) ? "service_unavailable" : "health_check_failures";
}
