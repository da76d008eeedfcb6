import { ok } from "@orbt/core";
import type { OtlpEncoding } from "./otlp-encoding.js";
import { type OtlpHttpResponse, type OtlpSignal, renderOtlpResponse } from "./otlp-response.js";

/** The 200 answer for a request whose items were refused for these reasons (a full success when none). */
export function renderOtlpRejections(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  rejections: Readonly<Record<string, number>>,
): OtlpHttpResponse {
  let rejected = 0;
  let errorMessage = "";
  for (const reason in rejections) {
    const count = rejections[reason]!;
    if (!(count > 0)) continue;
    rejected += count;
    errorMessage += `${errorMessage === "" ? "" : ", "}${reason}: ${count}`;
  }
  return renderOtlpResponse(signal, encoding, ok({ rejected, errorMessage }));
}
