export type DeliveryErrorCode = "http_status" | "smtp_status" | "timeout" | "network" | "encoding";
export type DeliveryError = { readonly code: DeliveryErrorCode; readonly message: string };

/** Like OpenTelemetry's export response: `retryable` tells the retry layer that another try may work. */
export type DeliveryOutcome =
  | { readonly kind: "success" }
  | { readonly kind: "failure"; readonly error: DeliveryError }
  | { readonly kind: "retryable"; readonly error: DeliveryError };
