import protobuf from "protobufjs";
import type { AttributeValue, OtlpMetric, OtlpMetricsRequest } from "./otlp-schema.js";

// The shapes protobufjs decodes the official messages into (otlp-proto.ts), as far as the receiver reads
// them. Unset fields read as their defaults from the message prototype; a oneof's virtual field (`value`,
// `data`) names the member that is set.
type Int64 = protobuf.Long | number;
type AnyValueMessage = {
  readonly stringValue: string;
  readonly boolValue: boolean;
  readonly intValue: Int64;
  readonly doubleValue: number;
  readonly arrayValue: { readonly values: readonly AnyValueMessage[] };
  readonly kvlistValue: { readonly values: readonly KeyValueMessage[] };
  readonly bytesValue: Uint8Array;
};
type KeyValueMessage = { readonly key: string; readonly value: AnyValueMessage | null };
type PointMessage = {
  readonly attributes: readonly KeyValueMessage[];
  readonly timeUnixNano: Int64;
  readonly flags: number;
};
type NumberPointMessage = PointMessage & {
  readonly asDouble: number;
  readonly asInt: Int64;
};
type HistogramPointMessage = PointMessage & {
  readonly count: Int64;
  readonly sum: number;
  readonly bucketCounts: readonly Int64[];
  readonly explicitBounds: readonly number[];
};
type SummaryPointMessage = PointMessage & {
  readonly count: Int64;
  readonly sum: number;
  readonly quantileValues: readonly { readonly quantile: number; readonly value: number }[];
};
type MetricMessage = {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly data?: "gauge" | "sum" | "histogram" | "exponentialHistogram" | "summary";
  readonly gauge: { readonly dataPoints: readonly NumberPointMessage[] };
  readonly sum: {
    readonly dataPoints: readonly NumberPointMessage[];
    readonly aggregationTemporality: number;
    readonly isMonotonic: boolean;
  };
  readonly histogram: {
    readonly dataPoints: readonly HistogramPointMessage[];
    readonly aggregationTemporality: number;
  };
  readonly exponentialHistogram: { readonly dataPoints: readonly unknown[] };
  readonly summary: { readonly dataPoints: readonly SummaryPointMessage[] };
};
type ScopeMessage = { readonly name: string; readonly version: string };
/** What `otlpProto.ExportMetricsServiceRequest.decode` returns. */
export type MetricsRequestMessage = {
  readonly resourceMetrics: readonly {
    readonly resource: { readonly attributes: readonly KeyValueMessage[] } | null;
    readonly scopeMetrics: readonly {
      readonly scope: ScopeMessage | null;
      readonly metrics: readonly MetricMessage[];
    }[];
  }[];
};

/**
 * A decoded ExportMetricsServiceRequest as `OtlpMetricsRequest`, the same request the schema makes of the
 * JSON encoding. Read field by field rather than through protobufjs's `toObject` and the schema: every
 * value protobufjs decodes already has its field's type, so there is nothing left to check.
 */
export function readMetricsMessage(message: MetricsRequestMessage): OtlpMetricsRequest {
  return {
    resourceMetrics: message.resourceMetrics.map(({ resource, scopeMetrics }) => ({
      ...(resource === null ? {} : { resource: { attributes: readAttributes(resource.attributes) } }),
      scopeMetrics: scopeMetrics.map(({ scope, metrics }) => ({
        ...(scope === null ? {} : { scope: { name: scope.name, version: scope.version } }),
        metrics: metrics.map(readMetric),
      })),
    })),
  };
}

function readMetric(metric: MetricMessage): OtlpMetric {
  const read: OtlpMetric = { name: metric.name, description: metric.description, unit: metric.unit };
  switch (metric.data) {
    case "gauge":
      return { ...read, gauge: { dataPoints: metric.gauge.dataPoints.map(readNumberPoint) } };
    case "sum": {
      const { dataPoints, aggregationTemporality, isMonotonic } = metric.sum;
      return {
        ...read,
        sum: { dataPoints: dataPoints.map(readNumberPoint), aggregationTemporality, isMonotonic },
      };
    }
    case "histogram": {
      const { dataPoints, aggregationTemporality } = metric.histogram;
      return {
        ...read,
        histogram: { dataPoints: dataPoints.map(readHistogramPoint), aggregationTemporality },
      };
    }
    case "exponentialHistogram":
      return {
        ...read,
        exponentialHistogram: { dataPoints: metric.exponentialHistogram.dataPoints.map(() => ({})) },
      };
    case "summary":
      return { ...read, summary: { dataPoints: metric.summary.dataPoints.map(readSummaryPoint) } };
    case undefined:
      return read;
  }
}

type NumberPoint = NonNullable<OtlpMetric["gauge"]>["dataPoints"][number];

function readNumberPoint(point: NumberPointMessage): NumberPoint {
  const attributes = readAttributes(point.attributes);
  const timeUnixNano = readTime(point.timeUnixNano);
  const { flags } = point;
  // The decoder leaves only the oneof member it read last as an own property.
  if (Object.hasOwn(point, "asDouble")) return { attributes, timeUnixNano, flags, asDouble: point.asDouble };
  if (Object.hasOwn(point, "asInt")) return { attributes, timeUnixNano, flags, asInt: toBigInt(point.asInt) };
  return { attributes, timeUnixNano, flags };
}

function readHistogramPoint(
  point: HistogramPointMessage,
): NonNullable<OtlpMetric["histogram"]>["dataPoints"][number] {
  return {
    attributes: readAttributes(point.attributes),
    timeUnixNano: readTime(point.timeUnixNano),
    count: toBigInt(point.count),
    // `sum` is a proto3 optional field: set only when the decoder met it.
    ...(Object.hasOwn(point, "sum") ? { sum: point.sum } : {}),
    bucketCounts: point.bucketCounts.map(toBigInt),
    explicitBounds: [...point.explicitBounds],
    flags: point.flags,
  };
}

function readSummaryPoint(
  point: SummaryPointMessage,
): NonNullable<OtlpMetric["summary"]>["dataPoints"][number] {
  return {
    attributes: readAttributes(point.attributes),
    timeUnixNano: readTime(point.timeUnixNano),
    count: toBigInt(point.count),
    sum: point.sum,
    quantileValues: point.quantileValues.map(({ quantile, value }) => ({ quantile, value })),
    flags: point.flags,
  };
}

function readAttributes(pairs: readonly KeyValueMessage[]): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const pair of pairs) attributes[pair.key] = pair.value === null ? null : readAnyValue(pair.value);
  return attributes;
}

/**
 * As the schema reads AnyValue: int64 as a number when exact, else as decimal text; bytes as base64. Its
 * members are fields apart (otlp-proto.ts): the one present is the one sent.
 */
function readAnyValue(value: AnyValueMessage): AttributeValue {
  if (Object.hasOwn(value, "stringValue")) return value.stringValue;
  if (Object.hasOwn(value, "boolValue")) return value.boolValue;
  if (Object.hasOwn(value, "intValue")) {
    const exact = toBigInt(value.intValue);
    const asNumber = Number(exact);
    return Number.isSafeInteger(asNumber) ? asNumber : exact.toString();
  }
  if (Object.hasOwn(value, "doubleValue")) return value.doubleValue;
  if (Object.hasOwn(value, "arrayValue")) return value.arrayValue.values.map(readAnyValue);
  if (Object.hasOwn(value, "kvlistValue")) return readAttributes(value.kvlistValue.values);
  if (Object.hasOwn(value, "bytesValue")) {
    return protobuf.util.base64.encode(value.bytesValue, 0, value.bytesValue.length);
  }
  return null;
}

// The points of a request mostly share one timestamp: the last one read is kept to spare its BigInt work.
let lastTime: { readonly time: protobuf.Long; readonly value: bigint } | undefined;

function readTime(time: Int64): bigint {
  if (typeof time === "number") return BigInt(time);
  if (lastTime !== undefined && equalLongs(lastTime.time, time)) return lastTime.value;
  lastTime = { time, value: toBigInt(time) };
  return lastTime.value;
}

function equalLongs(a: protobuf.Long, b: protobuf.Long): boolean {
  return a.low === b.low && a.high === b.high && a.unsigned === b.unsigned;
}

function toBigInt(value: Int64): bigint {
  if (typeof value === "number") return BigInt(value);
  // `high` is signed in a signed Long, so the sum comes out negative exactly when the value is.
  const high = value.unsigned ? value.high >>> 0 : value.high;
  return (BigInt(high) << 32n) + BigInt(value.low >>> 0);
}
