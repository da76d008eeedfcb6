import { z } from "zod";

// One schema for both OTLP encodings: the JSON body as sent (lowerCamelCase, int64 as string or number) and
// the protobuf message as protobufjs `toObject` renders it (int64 as decimal string, bytes as base64).
// Fields Orbt does not read are stripped; ids are not read, so their hex (JSON) or base64 form never matters.

/** An attribute or log body value: AnyValue with int64 kept exact as a string when it is not a safe integer. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue };

const isInteger = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

const Int64 = z
  .union([
    z.string().regex(/^-?\d{1,20}$/, "expected an integer"),
    z.custom<number>(isInteger, "expected an integer"),
  ])
  .transform((value) => BigInt(value));

const Uint64 = Int64.refine((value) => value >= 0n, "expected a non-negative integer");

const NON_FINITE = ["NaN", "Infinity", "-Infinity"] as const;

const Double = z.union([
  z.custom<number>((value) => typeof value === "number", "expected a number"),
  z.enum(NON_FINITE).transform(Number),
  z
    .string()
    .regex(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, "expected a number")
    .transform(Number),
]);

const Enum = z.custom<number>(isInteger, "expected an enum number");

const AnyValue: z.ZodType<AttributeValue, unknown> = z.lazy(() =>
  z
    .object({
      stringValue: z.string().optional(),
      boolValue: z.boolean().optional(),
      intValue: Int64.optional(),
      doubleValue: Double.optional(),
      arrayValue: z.object({ values: z.array(AnyValue).default([]) }).optional(),
      kvlistValue: z.object({ values: KeyValues.default({}) }).optional(),
      bytesValue: z.string().optional(),
    })
    .transform((value): AttributeValue => {
      if (value.stringValue !== undefined) return value.stringValue;
      if (value.boolValue !== undefined) return value.boolValue;
      if (value.intValue !== undefined) return toSafeNumberOrText(value.intValue);
      if (value.doubleValue !== undefined) return value.doubleValue;
      if (value.arrayValue !== undefined) return value.arrayValue.values;
      if (value.kvlistValue !== undefined) return value.kvlistValue.values;
      if (value.bytesValue !== undefined) return value.bytesValue;
      return null;
    }),
);

const KeyValues = z.array(z.object({ key: z.string(), value: AnyValue.optional() })).transform((pairs) => {
  const record: Record<string, AttributeValue> = {};
  for (const pair of pairs) record[pair.key] = pair.value ?? null;
  return record;
});

const Attributes = KeyValues.default({});

const Resource = z.object({ attributes: Attributes }).optional();

const Scope = z.object({ name: z.string().default(""), version: z.string().default("") }).optional();

const Temporality = Enum.default(0);

const NumberDataPoint = z.object({
  attributes: Attributes,
  timeUnixNano: Uint64.default(0n),
  asDouble: Double.optional(),
  asInt: Int64.optional(),
  flags: Enum.default(0),
});

const HistogramDataPoint = z.object({
  attributes: Attributes,
  timeUnixNano: Uint64.default(0n),
  count: Uint64.default(0n),
  sum: Double.optional(),
  bucketCounts: z.array(Uint64).default([]),
  explicitBounds: z.array(Double).default([]),
  flags: Enum.default(0),
});

const SummaryDataPoint = z.object({
  attributes: Attributes,
  timeUnixNano: Uint64.default(0n),
  count: Uint64.default(0n),
  sum: Double.default(0),
  quantileValues: z.array(z.object({ quantile: Double.default(0), value: Double.default(0) })).default([]),
  flags: Enum.default(0),
});

const Metric = z.object({
  name: z.string().default(""),
  description: z.string().default(""),
  unit: z.string().default(""),
  gauge: z.object({ dataPoints: z.array(NumberDataPoint).default([]) }).optional(),
  sum: z
    .object({
      dataPoints: z.array(NumberDataPoint).default([]),
      aggregationTemporality: Temporality,
      isMonotonic: z.boolean().default(false),
    })
    .optional(),
  histogram: z
    .object({ dataPoints: z.array(HistogramDataPoint).default([]), aggregationTemporality: Temporality })
    .optional(),
  exponentialHistogram: z.object({ dataPoints: z.array(z.object({})).default([]) }).optional(),
  summary: z.object({ dataPoints: z.array(SummaryDataPoint).default([]) }).optional(),
});

export const OtlpMetricsRequest = z.object({
  resourceMetrics: z
    .array(
      z.object({
        resource: Resource,
        scopeMetrics: z.array(z.object({ scope: Scope, metrics: z.array(Metric).default([]) })).default([]),
      }),
    )
    .default([]),
});
export type OtlpMetricsRequest = z.infer<typeof OtlpMetricsRequest>;
export type OtlpMetric = z.infer<typeof Metric>;

const Span = z.object({
  name: z.string().default(""),
  kind: Enum.default(0),
  startTimeUnixNano: Uint64.default(0n),
  endTimeUnixNano: Uint64.default(0n),
  status: z.object({ code: Enum.default(0), message: z.string().default("") }).optional(),
});

export const OtlpTracesRequest = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: Resource,
        scopeSpans: z.array(z.object({ scope: Scope, spans: z.array(Span).default([]) })).default([]),
      }),
    )
    .default([]),
});
export type OtlpTracesRequest = z.infer<typeof OtlpTracesRequest>;

const LogRecord = z.object({
  timeUnixNano: Uint64.default(0n),
  observedTimeUnixNano: Uint64.default(0n),
  severityNumber: Enum.default(0),
  severityText: z.string().default(""),
  body: AnyValue.optional(),
  attributes: Attributes,
});

export const OtlpLogsRequest = z.object({
  resourceLogs: z
    .array(
      z.object({
        resource: Resource,
        scopeLogs: z
          .array(z.object({ scope: Scope, logRecords: z.array(LogRecord).default([]) }))
          .default([]),
      }),
    )
    .default([]),
});
export type OtlpLogsRequest = z.infer<typeof OtlpLogsRequest>;

function toSafeNumberOrText(value: bigint): number | string {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}
