import { ApiError } from "@orbt/core";
import { Hono } from "hono";
import type { Logger } from "../../create-logger.js";
import { ApiFailure } from "../../serve/api-failure.js";
import { requireRole } from "../../serve/auth/index.js";
import { describeRoute, jsonResponse } from "../../serve/openapi/describe-route.js";
import { INLINE_DECODER, type IngestDecoder } from "../ingest/ingest-decoder.js";
import { type IngestError, toHttpStatus } from "../ingest/ingest-error.js";
import { createIngestErrorHandler } from "../ingest/ingest-error-handler.js";
import type { IngestLimits } from "../ingest/ingest-limits.js";
import { countOutcomes, type IngestMetrics } from "../ingest/ingest-metrics.js";
import { readBodyWithin } from "../ingest/read-body-within.js";
import { SeriesCardinality } from "../ingest/series-cardinality.js";
import { TimeSlicedQueue } from "../ingest/time-sliced-queue.js";
import { appendWriteRequest, type SeriesRefs } from "./append-write-request.js";
import { SeriesRefCache } from "./series-ref-cache.js";
import { WriteRequestView } from "./write-request-view.js";

export type RemoteWriteAppOptions = {
  /** The chunked store (`ChunkedSeriesStore` fits). */
  readonly series: SeriesRefs;
  readonly limits: IngestLimits;
  readonly metrics: IngestMetrics;
  /** Where bodies are decoded; on the event loop by default. */
  readonly decoder?: IngestDecoder;
  /** Bodies smaller than this are decoded on the event loop whatever `decoder` is. */
  readonly inlineBelowBytes?: number;
  /** What the appends take turns on the event loop through; one of its own by default. */
  readonly turns?: TimeSlicedQueue;
  readonly log?: Logger;
};

/**
 * `POST /api/v1/write` (remote_write 1.0; mount under `/prometheus`). 204 once the batch is stored, even
 * with samples refused by limits or as out of order (counted, as the sender would only drop the batch on a
 * 4xx); 4xx for a body the sender must not retry; 503 when the store failed, which it retries.
 */
/**
 * A remote_write body is read as a view of its bytes, some 0.2 µs a sample: below this size (about 4,500
 * samples) decoding it on the event loop costs the loop less than handing it to a decode thread and taking
 * the result back, and on a host of two cores the threads' CPU would be taken from the loop anyway.
 */
export const REMOTE_WRITE_INLINE_BELOW_BYTES = 64 * 1024;

export function createRemoteWriteApp(options: RemoteWriteAppOptions): Hono {
  const { series, limits, metrics, log } = options;
  const decoder = options.decoder ?? INLINE_DECODER;
  const inlineBelowBytes = options.inlineBelowBytes ?? REMOTE_WRITE_INLINE_BELOW_BYTES;
  const turns = options.turns ?? new TimeSlicedQueue();
  const bodyLimits = { maxBodyBytes: limits.maxBodyBytes, maxDecodedBytes: limits.maxDecodedBytes };
  const target = {
    store: series,
    cache: new SeriesRefCache(),
    cardinality: new SeriesCardinality(limits.maxSeriesPerService),
    limits,
  };
  const app = new Hono();
  app.onError(createIngestErrorHandler(log));

  app.post(
    "/api/v1/write",
    requireRole("reporter"),
    describeRoute({
      operationId: "remoteWrite",
      summary: "Prometheus remote_write: snappy-compressed protobuf WriteRequests (1.0)",
      tags: ["receivers"],
      requestBody: { content: { "application/x-protobuf": {} } },
      responses: {
        204: { description: "The samples are stored." },
        400: jsonResponse("The body does not decode, or a sample is refused.", ApiError),
        413: jsonResponse("The body exceeds `ingest.max_body`.", ApiError),
      },
    }),
    async (c) => {
      const body = await readBodyWithin(c.req.raw, limits.maxBodyBytes);
      if (!body.ok) throw refuse(metrics, body.error);
      const decodeIn = body.value.byteLength < inlineBelowBytes ? INLINE_DECODER : decoder;
      const request = await decodeIn.decode("remote_write", {
        body: body.value,
        headers: {
          contentType: c.req.header("content-type"),
          contentEncoding: c.req.header("content-encoding"),
        },
        limits: bodyLimits,
      });
      if (!request.ok) throw refuse(metrics, request.error);
      const parts = request.value;
      const appended = await turns.run(() => appendWriteRequest(WriteRequestView.fromParts(parts), target));
      if (!appended.ok) throw refuse(metrics, appended.error);
      countOutcomes(metrics.samples, "remote_write", appended.value.accepted, appended.value.rejections);
      metrics.requests.inc({ receiver: "remote_write", status: "204" });
      return c.body(null, 204);
    },
  );

  return app;
}

function refuse(metrics: IngestMetrics, error: IngestError): ApiFailure {
  const status = toHttpStatus(error);
  metrics.requests.inc({ receiver: "remote_write", status: String(status) });
  return new ApiFailure(status, error.code, error.message);
}
