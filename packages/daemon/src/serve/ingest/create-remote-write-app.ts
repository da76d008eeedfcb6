import { Hono } from "hono";
import { appendSamples } from "../../ingest/append-samples.js";
import { type IngestError, toHttpStatus } from "../../ingest/ingest-error.js";
import type { IngestLimits } from "../../ingest/ingest-limits.js";
import { countOutcomes, type IngestMetrics } from "../../ingest/ingest-metrics.js";
import { enforceLabelLimits } from "../../ingest/label-limits.js";
import { decodeRemoteWrite } from "../../ingest/remote-write/decode-remote-write.js";
import { SeriesCardinality } from "../../ingest/series-cardinality.js";
import type { Logger } from "../../log/create-logger.js";
import type { SeriesAppender } from "../../series-appender.js";
import { ApiFailure } from "../api-failure.js";
import { createIngestErrorHandler } from "./ingest-error-handler.js";
import { readBodyWithin } from "./read-body-within.js";

export type RemoteWriteAppOptions = {
  readonly series: SeriesAppender;
  readonly limits: IngestLimits;
  readonly metrics: IngestMetrics;
  readonly log?: Logger;
};

/**
 * `POST /api/v1/write` (remote_write 1.0; mount under `/prometheus`). 204 once the batch is stored, even
 * with samples refused by limits or as out of order (counted, as the sender would only drop the batch on a
 * 4xx); 4xx for a body the sender must not retry; 503 when the store failed, which it retries.
 */
export function createRemoteWriteApp(options: RemoteWriteAppOptions): Hono {
  const { series, limits, metrics, log } = options;
  const cardinality = new SeriesCardinality(limits.maxSeriesPerService);
  const app = new Hono();
  app.onError(createIngestErrorHandler(log));

  app.post("/api/v1/write", async (c) => {
    const body = await readBodyWithin(c.req.raw, limits.maxBodyBytes);
    if (!body.ok) throw refuse(metrics, body.error);
    const batch = decodeRemoteWrite(
      body.value,
      { contentType: c.req.header("content-type"), contentEncoding: c.req.header("content-encoding") },
      limits,
    );
    if (!batch.ok) throw refuse(metrics, batch.error);
    const limited = enforceLabelLimits(batch.value.samples, limits);
    const appended = appendSamples(limited.accepted, series, cardinality);
    const rejections: Record<string, number> = { ...appended.rejections };
    if (limited.rejected.length > 0) rejections.label_limits = limited.rejected.length;
    if (batch.value.ignoredHistograms > 0) rejections.native_histogram = batch.value.ignoredHistograms;
    countOutcomes(metrics.samples, "remote_write", appended.accepted, rejections);
    metrics.requests.inc({ receiver: "remote_write", status: "204" });
    return c.body(null, 204);
  });

  return app;
}

function refuse(metrics: IngestMetrics, error: IngestError): ApiFailure {
  const status = toHttpStatus(error);
  metrics.requests.inc({ receiver: "remote_write", status: String(status) });
  return new ApiFailure(status, error.code, error.message);
}
