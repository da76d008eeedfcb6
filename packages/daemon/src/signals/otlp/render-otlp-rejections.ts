import { ok } from "@orbt/core";
import type { OtlpEncoding } from "./otlp-encoding.js";
import { type OtlpHttpResponse, type OtlpSignal, renderOtlpResponse } from "./otlp-response.js";

/** The 200 answer for a request whose items were refused for these reasons (a full success when none). */
export function renderOtlpRejections(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  rejections: Readonly<Record<string, number>>,
): OtlpHttpResponse {
  const counted = Object.entries(rejections).filter(([, count]) => count > 0);
  const rejected = counted.reduce((sum, [, count]) => sum + count, 0);
  const errorMessage = counted.map(([reason, count]) => `${reason}: ${count}`).join(", ");
  return renderOtlpResponse(signal, encoding, ok({ rejected, errorMessage }));
}
