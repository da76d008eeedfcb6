import { seriesKey } from "../ingest/append-samples.js";
import { formatPrometheusFloat } from "../ingest/format-prometheus-float.js";
import { sanitizeLabels } from "../ingest/sanitize-labels.js";
import { attributeTexts } from "./attribute-text.js";
import { nanosToMs } from "./nanos-to-ms.js";
import type { AttributeValue, OtlpMetric, OtlpMetricsRequest } from "./otlp-schema.js";
import { buildPrometheusMetricName } from "./prometheus-metric-name.js";
import { readResourceIdentity } from "./resource-identity.js";

export type MetricRejectionReason =
  | "delta_temporality"
  | "unspecified_temporality"
  | "exponential_histogram_unsupported"
  | "invalid_histogram_buckets"
  | "missing_value"
  | "missing_name";

type Labels = Readonly<Record<string, string>>;
type Attributes = Readonly<Record<string, AttributeValue>>;

/**
 * The series of one metric that differ only in their points' attributes: the metric's name (with the
 * suffix of a histogram's or summary's part), the resource and scope labels, and a bucket's `le` or a
 * quantile's `quantile` label.
 */
export type OtlpSeriesFamily = {
  readonly name: string;
  readonly labels: Labels;
  readonly extraLabel: readonly [name: string, value: string] | undefined;
  /** Equal keys, equal families. */
  readonly key: string;
};

/**
 * A translated sample whose labels are not built yet: a receiver that knows the series by its family's
 * key and its attributes (`OtlpSampleColumns`) needs none; `otlpSampleLabels` builds them.
 */
export type OtlpSample = {
  readonly family: OtlpSeriesFamily;
  /** The same object for every sample of one point: what tells series apart, with `family`. */
  readonly attributes: Attributes;
  readonly timestampMs: number;
  readonly value: number;
};

/** Takes each translated sample, its fields one by one; what `OtlpSample` holds. */
export type OtlpSampleSink = (
  family: OtlpSeriesFamily,
  attributes: Attributes,
  timestampMs: number,
  value: number,
) => void;

export type OtlpMetricsTranslation = {
  readonly samples: readonly OtlpSample[];
  /** Data points that produced no sample; the `rejected_data_points` of a partial success. */
  readonly rejectedDataPoints: number;
  readonly rejections: Readonly<Partial<Record<MetricRejectionReason, number>>>;
};

const TEMPORALITY_DELTA = 1;
const TEMPORALITY_CUMULATIVE = 2;
/** DataPointFlags.FLAG_NO_RECORDED_VALUE: the point only marks that the series went away. */
const FLAG_NO_RECORDED_VALUE = 1;

type Emit = {
  readonly sample: OtlpSampleSink;
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
  /** Where the samples go: by default into the translation's `samples`, which are empty with a sink. */
  sink?: OtlpSampleSink,
): OtlpMetricsTranslation {
  const samples: OtlpSample[] = [];
  const rejections: Partial<Record<MetricRejectionReason, number>> = {};
  let rejectedDataPoints = 0;
  const take: OtlpSampleSink =
    sink ??
    ((family, attributes, timestampMs, value) => samples.push({ family, attributes, timestampMs, value }));
  const emit: Emit = {
    sample: (family, attributes, timestampMs, value) =>
      take(family, attributes, timestampMs === 0 ? receivedAtMs : timestampMs, value),
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
      const { otherAttributes } = identity;
      const family = seriesFamily("target_info", resourceLabels);
      emit.sample(family, otherAttributes, receivedAtMs, 1);
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
  const family = seriesFamily(name, seriesLabels);
  // Points mostly share their timestamp: one BigInt division for all of them.
  let lastNanos = -1n;
  let lastMs = 0;
  for (const point of points) {
    if (hasNoRecordedValue(point.flags)) continue;
    const value = point.asDouble ?? (point.asInt === undefined ? undefined : Number(point.asInt));
    if (value === undefined) {
      emit.reject("missing_value", 1);
      continue;
    }
    if (point.timeUnixNano !== lastNanos) {
      lastNanos = point.timeUnixNano;
      lastMs = nanosToMs(lastNanos);
    }
    emit.sample(family, point.attributes, lastMs, value);
  }
}

function translateHistogramPoints(
  points: HistogramPoints,
  name: string,
  seriesLabels: Labels,
  emit: Emit,
): void {
  const sumFamily = seriesFamily(`${name}_sum`, seriesLabels);
  const countFamily = seriesFamily(`${name}_count`, seriesLabels);
  const bucketFamily = familiesByLabel(`${name}_bucket`, seriesLabels, "le");
  for (const point of points) {
    if (hasNoRecordedValue(point.flags)) continue;
    const { attributes, bucketCounts, explicitBounds } = point;
    if (bucketCounts.length !== 0 && bucketCounts.length !== explicitBounds.length + 1) {
      emit.reject("invalid_histogram_buckets", 1);
      continue;
    }
    const timestampMs = nanosToMs(point.timeUnixNano);
    const count = Number(point.count);
    // An OTLP bucket holds only its own range; a Prometheus `le` bucket holds everything below its bound.
    let cumulative = 0;
    for (const [index, bound] of bucketCounts.length === 0 ? [] : explicitBounds.entries()) {
      cumulative += Number(bucketCounts[index] ?? 0n);
      emit.sample(bucketFamily(formatPrometheusFloat(bound)), attributes, timestampMs, cumulative);
    }
    emit.sample(bucketFamily("+Inf"), attributes, timestampMs, count);
    if (point.sum !== undefined) emit.sample(sumFamily, attributes, timestampMs, point.sum);
    emit.sample(countFamily, attributes, timestampMs, count);
  }
}

function translateSummaryPoints(points: SummaryPoints, name: string, seriesLabels: Labels, emit: Emit): void {
  const sumFamily = seriesFamily(`${name}_sum`, seriesLabels);
  const countFamily = seriesFamily(`${name}_count`, seriesLabels);
  const quantileFamily = familiesByLabel(name, seriesLabels, "quantile");
  for (const point of points) {
    if (hasNoRecordedValue(point.flags)) continue;
    const { attributes } = point;
    const timestampMs = nanosToMs(point.timeUnixNano);
    for (const { quantile, value } of point.quantileValues) {
      emit.sample(quantileFamily(formatPrometheusFloat(quantile)), attributes, timestampMs, value);
    }
    emit.sample(sumFamily, attributes, timestampMs, point.sum);
    emit.sample(countFamily, attributes, timestampMs, Number(point.count));
  }
}

function rejectionForTemporality(temporality: number): MetricRejectionReason | undefined {
  if (temporality === TEMPORALITY_CUMULATIVE) return undefined;
  return temporality === TEMPORALITY_DELTA ? "delta_temporality" : "unspecified_temporality";
}

function seriesFamily(
  name: string,
  labels: Labels,
  extraLabel?: readonly [name: string, value: string],
): OtlpSeriesFamily {
  // JSON text of strings is self-delimiting: no two families spell one key.
  const key = JSON.stringify([name, seriesKey(labels), ...(extraLabel ?? [])]);
  return { name, labels, extraLabel, key };
}

/** The families of a histogram's buckets or a summary's quantiles, by their `le` or `quantile`, each made once. */
function familiesByLabel(name: string, labels: Labels, label: string): (value: string) => OtlpSeriesFamily {
  const families = new Map<string, OtlpSeriesFamily>();
  return (value) => {
    let family = families.get(value);
    if (family === undefined) {
      family = seriesFamily(name, labels, [label, value]);
      families.set(value, family);
    }
    return family;
  };
}

/** The sample's labels (`otlpLabels`). */
export function otlpSampleLabels(sample: OtlpSample): Record<string, string> {
  return otlpLabels(sample.family, attributeTexts(sample.attributes));
}

/** A series' labels: its attributes' texts as labels, then the family's, which win over attributes. */
export function otlpLabels(
  family: OtlpSeriesFamily,
  attributeTexts: Readonly<Record<string, string>>,
): Record<string, string> {
  // Set one by one rather than spread: V8 gives an object spread at a busy site a hidden class of its
  // own, which a stored label set would keep (some 500 bytes a series in maps and descriptors).
  const labels = sanitizeLabels(attributeTexts);
  // Resource and scope labels win over point attributes of the same name, as in the Collector.
  for (const name of Object.keys(family.labels)) labels[name] = family.labels[name]!;
  labels.__name__ = family.name;
  if (family.extraLabel !== undefined) labels[family.extraLabel[0]] = family.extraLabel[1];
  return labels;
}

function hasNoRecordedValue(flags: number): boolean {
  return (flags & FLAG_NO_RECORDED_VALUE) !== 0;
}

function withoutEmpty(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([, value]) => value !== ""));
}
