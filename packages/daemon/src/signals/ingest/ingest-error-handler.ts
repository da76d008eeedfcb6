import type { ErrorHandler } from "hono";
import type { Logger } from "../../create-logger.js";
import { ApiFailure } from "../../serve/api-failure.js";

/**
 * Renders an ApiFailure as `{error:{code,message,path?}}`; anything else (the store or the engine failed)
 * is a 503, which senders retry, since the request itself was fine.
 */
export function createIngestErrorHandler(log: Logger | undefined): ErrorHandler {
  return (failure, c) => {
    if (failure instanceof ApiFailure) {
      const { code, message, path } = failure;
      return c.json({ error: { code, message, ...(path === undefined ? {} : { path }) } }, failure.status);
    }
    log?.error({ err: failure, path: c.req.path }, "ingest request failed");
    return c.json({ error: { code: "unavailable", message: "ingest failed; retry later" } }, 503);
  };
}
