import { formatPrometheusFloat } from "../format-prometheus-float.js";
import type { Sample } from "../sample.js";
import { sanitizeLabels } from "../sanitize-labels.js";
import { attributeTexts } from "./attribute-text.js";
import { nanosToMs } from "./nanos-to-ms.js";
import type { OtlpMetric, OtlpMetricsRequest } from "./otlp-schema.js";
import { buildPrometheusMetricName } from "./prometheus-metric-name.js";
import { readResourceIdentity } from "./resource-identity.js";

export type MetricRejectionReason =
  | "delta_temporality"
  | "unspecified_temporality"
  | "exponential_histogram_unsupported"
  | "invalid_histogram_buckets"
  | "missing_value"
  | "missing_name";

export type OtlpMetricsTranslation = {
  readonly samples: readonly Sample[];
  /** Data points that produced no sample; the `rejected_data_points` of a partial success. */
  readonly rejectedDataPoints: number;
  readonly rejections: Readonly<Partial<Record<MetricRejectionReason, number>>>;
};

const TEMPORALITY_DELTA = 1;
const TEMPORALITY_CUMULATIVE = 2;
/** DataPointFlags.FLAG_NO_RECORDED_VALUE: the point only marks that the series went away. */
const FLAG_NO_RECORDED_VALUE = 1;

type Labels = Readonly<Record<string, string>>;

type Emit = {
  readonly sample: (labels: Labels, timestampMs: number, value: number) => void;
  readonly reject: (reason: MetricRejectionReason, points: number) => void;
};

/**
 * Translates OTLP metrics into Prometheus samples per the OpenTelemetry compatibility rules. Resource
 * `service.*` attributes become `job`/`instance`; the other resource attributes go to one `target_info`
 * sample per resource, stamped `receivedAtMs`. Delta temporality and exponential histograms are counted
 * as rejected, never guessed at.
 */
export function translateOtlpMetrics(
  request: OtlpMetricsRequest,
  receivedAtMs: number,
): OtlpMetricsTranslation {
  const samples: Sample[] = [];
  const rejections: Partial<Record<MetricRejectionReason, number>> = {};
  let rejectedDataPoints = 0;
  const emit: Emit = {
    sample: (labels, timestampMs, value) => {
      samples.push({ labels, timestampMs: timestampMs === 0 ? receivedAtMs : timestampMs, value });
    },
    reject: (reason, points) => {
      if (points === 0) return;
      rejectedDataPoints += points;
      rejections[reason] = (rejections[reason] ?? 0) + points;
    },
  };
  for (const resourceMetrics of request.resourceMetrics) {
    const identity = readResourceIdentity(resourceMetrics.resource?.attributes ?? {});
    const resourceLabels = withoutEmpty({ job: identity.job, instance: identity.instance });
    if (Object.keys(identity.otherAttributes).length > 0) {
      const labels = {
        ...sanitizeLabels(identity.otherAttributes),
        ...resourceLabels,
        __name__: "target_info",
      };
      samples.push({ labels, timestampMs: receivedAtMs, value: 1 });
    }
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const scopeLabels = withoutEmpty({
        otel_scope_name: scopeMetrics.scope?.name ?? "",
        otel_scope_version: scopeMetrics.scope?.version ?? "",
      });
      for (const metric of scopeMetrics.metrics) {
        translateMetric(metric, { ...scopeLabels, ...resourceLabels }, emit);
      }
    }
  }
  return { samples, rejectedDataPoints, rejections };
}

function translateMetric(metric: OtlpMetric, seriesLabels: Labels, emit: Emit): void {
  const { gauge, sum, histogram, exponentialHistogram, summary } = metric;
  if (!/[a-zA-Z0-9]/.test(metric.name)) {
    const pointCounts = [gauge, sum, histogram, exponentialHistogram, summary].map(
      (data) => data?.dataPoints.length ?? 0,
    );
    emit.reject(
      "missing_name",
      pointCounts.reduce((total, count) => total + count, 0),
    );
  } else if (exponentialHistogram !== undefined) {
    emit.reject("exponential_histogram_unsupported", exponentialHistogram.dataPoints.length);
  } else if (gauge !== undefined) {
    const name = buildPrometheusMetricName(metric.name, metric.unit, "gauge");
    translateNumberPoints(gauge.dataPoints, name, seriesLabels, emit);
  } else if (sum !== undefined) {
    const rejection = rejectionForTemporality(sum.aggregationTemporality);
    // A non-monotonic cumulative sum can go down, so Prometheus sees it as a gauge.
    const name = buildPrometheusMetricName(metric.name, metric.unit, sum.isMonotonic ? "counter" : "gauge");
    if (rejection !== undefined) emit.reject(rejection, sum.dataPoints.length);
    else translateNumberPoints(sum.dataPoints, name, seriesLabels, emit);
  } else if (histogram !== undefined) {
    const rejection = rejectionForTemporality(histogram.aggregationTemporality);
    const name = buildPrometheusMetricName(metric.name, metric.unit, "histogram");
    if (rejection !== undefined) emit.reject(rejection, histogram.dataPoints.length);
    else translateHistogramPoints(histogram.dataPoints, name, seriesLabels, emit);
  } else if (summary !== undefined) {
    const name = buildPrometheusMetricName(metric.name, metric.unit, "summary");
    translateSummaryPoints(summary.dataPoints, name, seriesLabels, emit);
  }
}

type NumberPoints = NonNullable<OtlpMetric["gauge"]>["dataPoints"];
type HistogramPoints = NonNullable<OtlpMetric["histogram"]>["dataPoints"];
type SummaryPoints = NonNullable<OtlpMetric["summary"]>["dataPoints"];

function translateNumberPoints(points: NumberPoints, name: string, seriesLabels: Labels, emit: Emit): void {
  for (const point of points) {
    if (hasNoRecordedValue(point.flags)) continue;
    const value = point.asDouble ?? (point.asInt === undefined ? undefined : Number(point.asInt));
    if (value === undefined) {
      emit.reject("missing_value", 1);
      continue;
    }
    emit.sample(pointLabels(point.attributes, seriesLabels, name), nanosToMs(point.timeUnixNano), value);
  }
}

function translateHistogramPoints(
  points: HistogramPoints,
  name: string,
  seriesLabels: Labels,
  emit: Emit,
): void {
  for (const point of points) {
    if (hasNoRecordedValue(point.flags)) continue;
    const { bucketCounts, explicitBounds } = point;
    if (bucketCounts.length !== 0 && bucketCounts.length !== explicitBounds.length + 1) {
      emit.reject("invalid_histogram_buckets", 1);
      continue;
    }
    const timestampMs = nanosToMs(point.timeUnixNano);
    const count = Number(point.count);
    const bucketLabels = pointLabels(point.attributes, seriesLabels, `${name}_bucket`);
    // An OTLP bucket holds only its own range; a Prometheus `le` bucket holds everything below its bound.
    let cumulative = 0;
    for (const [index, bound] of bucketCounts.length === 0 ? [] : explicitBounds.entries()) {
      cumulative += Number(bucketCounts[index] ?? 0n);
      emit.sample({ ...bucketLabels, le: formatPrometheusFloat(bound) }, timestampMs, cumulative);
    }
    emit.sample({ ...bucketLabels, le: "+Inf" }, timestampMs, count);
    if (point.sum !== undefined) {
      emit.sample(pointLabels(point.attributes, seriesLabels, `${name}_sum`), timestampMs, point.sum);
    }
    emit.sample(pointLabels(point.attributes, seriesLabels, `${name}_count`), timestampMs, count);
  }
}

function translateSummaryPoints(points: SummaryPoints, name: string, seriesLabels: Labels, emit: Emit): void {
  for (const point of points) {
    if (hasNoRecordedValue(point.flags)) continue;
    const timestampMs = nanosToMs(point.timeUnixNano);
    for (const { quantile, value } of point.quantileValues) {
      const labels = pointLabels(point.attributes, seriesLabels, name);
      emit.sample({ ...labels, quantile: formatPrometheusFloat(quantile) }, timestampMs, value);
    }
    emit.sample(pointLabels(point.attributes, seriesLabels, `${name}_sum`), timestampMs, point.sum);
    emit.sample(
      pointLabels(point.attributes, seriesLabels, `${name}_count`),
      timestampMs,
      Number(point.count),
    );
  }
}

function rejectionForTemporality(temporality: number): MetricRejectionReason | undefined {
  if (temporality === TEMPORALITY_CUMULATIVE) return undefined;
  return temporality === TEMPORALITY_DELTA ? "delta_temporality" : "unspecified_temporality";
}

function pointLabels(
  attributes: NumberPoints[number]["attributes"],
  seriesLabels: Labels,
  name: string,
): Record<string, string> {
  // Resource and scope labels win over point attributes of the same name, as in the Collector.
  return { ...sanitizeLabels(attributeTexts(attributes)), ...seriesLabels, __name__: name };
}

function hasNoRecordedValue(flags: number): boolean {
  return (flags & FLAG_NO_RECORDED_VALUE) !== 0;
}

function withoutEmpty(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([, value]) => value !== ""));
}
