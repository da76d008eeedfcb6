/** Why a receiver refused a whole request; `toHttpStatus` says how the edge answers it. */
export type IngestError =
  | { readonly code: "malformed_body"; readonly message: string }
  | { readonly code: "body_too_large"; readonly message: string; readonly limitBytes: number }
  | { readonly code: "unsupported_media_type"; readonly message: string }
  | { readonly code: "unsupported_content_encoding"; readonly message: string };

export function toHttpStatus(error: IngestError): 400 | 413 | 415 {
  switch (error.code) {
    case "malformed_body":
      return 400;
    case "body_too_large":
      return 413;
    case "unsupported_media_type":
    case "unsupported_content_encoding":
      return 415;
  }
}
