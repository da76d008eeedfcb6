/** Codes the SDK itself produces; any other code is the daemon's own (`not_found`, `unauthorized`, ...). */
export type OrbtClientErrorCode = "network_error" | "http_error" | "invalid_response";

/**
 * A failed REST call. `status` is the HTTP status, or null when no response arrived.
 * Returned inside a `Result`, never thrown by the SDK; it extends Error so a host can throw it as is.
 */
export class OrbtApiError extends Error {
  readonly code: string;
  readonly path: string | undefined;
  readonly status: number | null;

  constructor(fields: { code: string; message: string; path?: string; status: number | null }) {
    super(fields.message);
    this.name = "OrbtApiError";
    this.code = fields.code;
    this.path = fields.path;
    this.status = fields.status;
  }
}
