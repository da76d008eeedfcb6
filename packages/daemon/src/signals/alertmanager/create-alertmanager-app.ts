import { AlertmanagerWebhookResponse, ApiError, type ErrorPattern, type SymptomMapping } from "@orbt/core";
import { Hono } from "hono";
import type { Logger } from "../../create-logger.js";
import { ApiFailure, parseOrFail } from "../../serve/api-failure.js";
import { requireRole } from "../../serve/auth/index.js";
import { describeRoute, jsonResponse } from "../../serve/openapi/describe-route.js";
import { describeError } from "../ingest/describe-error.js";
import { toHttpStatus } from "../ingest/ingest-error.js";
import { createIngestErrorHandler } from "../ingest/ingest-error-handler.js";
import type { IngestLimits } from "../ingest/ingest-limits.js";
import { countOutcomes, type IngestMetrics } from "../ingest/ingest-metrics.js";
import { readBodyWithin } from "../ingest/read-body-within.js";
import type { SymptomSink } from "../ingest/symptom-sink.js";
import { SymptomSwitch } from "../ingest/symptom-switch.js";
import { toServiceName } from "../ingest/to-service-name.js";
import { AlertmanagerWebhook } from "./alertmanager-webhook.js";
import { translateAlertmanagerWebhook } from "./translate-alertmanager-webhook.js";

export type AlertmanagerAppOptions = {
  readonly sink: SymptomSink;
  readonly limits: IngestLimits;
  readonly metrics: IngestMetrics;
  /** The config's `symptoms`: pattern and symptom of alerts without `orbt_pattern`/`orbt_symptom` labels. */
  readonly mappings: readonly SymptomMapping[];
  /** The pattern catalog alerts' patterns and symptoms must belong to. */
  readonly patterns: readonly ErrorPattern[];
  readonly log?: Logger;
};

/**
 * `POST /api/v1/alerts/alertmanager` (webhook payload v4): a firing alert raises its symptom from source
 * `alertmanager:<fingerprint>`, a resolved one clears it. Repeats of an alert already raised (repeat
 * notifications, HA pairs) dispatch nothing, and a resolved alert never raises anything.
 */
export function createAlertmanagerApp(options: AlertmanagerAppOptions): Hono {
  const { limits, metrics, mappings, patterns, log } = options;
  const symptoms = new SymptomSwitch(options.sink);
  const app = new Hono();
  app.onError(createIngestErrorHandler(log));

  app.post(
    "/api/v1/alerts/alertmanager",
    requireRole("reporter"),
    describeRoute({
      operationId: "receiveAlertmanagerWebhook",
      summary: "Alertmanager's webhook (payload v4): firing alerts raise symptoms, resolved ones clear them",
      tags: ["receivers"],
      requestBody: { content: { "application/json": { schema: AlertmanagerWebhook } } },
      responses: {
        200: jsonResponse("What became of the alerts.", AlertmanagerWebhookResponse),
        400: jsonResponse("The body is not a webhook payload; `error.path` says where.", ApiError),
        413: jsonResponse("The body exceeds `ingest.max_body`.", ApiError),
      },
    }),
    async (c) => {
      const body = await readBodyWithin(c.req.raw, limits.maxBodyBytes);
      if (!body.ok) throw new ApiFailure(toHttpStatus(body.error), body.error.code, body.error.message);
      const payload = parseOrFail(AlertmanagerWebhook, parseJson(body.value), "body");
      const translation = translateAlertmanagerWebhook(payload, mappings, patterns);
      const rejections: Record<string, number> = {};
      for (const unmapped of translation.unmapped) {
        rejections[unmapped.reason] = (rejections[unmapped.reason] ?? 0) + 1;
      }
      let accepted = 0;
      let raised = 0;
      let cleared = 0;
      for (const signal of translation.signals) {
        const service = toServiceName(signal.service);
        if (service === undefined) {
          rejections.no_service = (rejections.no_service ?? 0) + 1;
          continue;
        }
        accepted += 1;
        const source = `alertmanager:${signal.fingerprint}`;
        if (signal.firing) {
          const detail = `alert ${signal.fingerprint} firing since ${new Date(signal.startsAtMs).toISOString()}`;
          if (
            await symptoms.raise({
              service,
              pattern: signal.pattern,
              symptom: signal.symptom,
              source,
              detail,
            })
          )
            raised += 1;
        } else if (await symptoms.clear({ service, pattern: signal.pattern, source })) {
          cleared += 1;
        }
      }
      countOutcomes(metrics.alerts, "alertmanager", accepted, rejections);
      metrics.requests.inc({ receiver: "alertmanager", status: "200" });
      const response: AlertmanagerWebhookResponse = {
        alerts: payload.alerts.length,
        raised,
        cleared,
        unmapped: translation.unmapped.length,
      };
      return c.json(response);
    },
  );

  return app;
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch (cause) {
    throw new ApiFailure(400, "invalid_json", `request body is not valid JSON: ${describeError(cause)}`);
  }
}
