import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import protobuf from "protobufjs";

// The official opentelemetry-proto and google.rpc definitions, vendored verbatim (see proto/README.md).
// Found through the package's own name, since src/, dist/ and the dist/orbtd.mjs bundle sit at different depths.
const PROTO_DIR = join(dirname(createRequire(import.meta.url).resolve("@orbt/daemon/package.json")), "proto");

const PROTO_FILES = [
  "opentelemetry/proto/collector/metrics/v1/metrics_service.proto",
  "opentelemetry/proto/collector/trace/v1/trace_service.proto",
  "opentelemetry/proto/collector/logs/v1/logs_service.proto",
  "google/rpc/status.proto",
] as const;

// The receiver decodes only the fields otlp-schema.ts reads; protobufjs skips the others' bytes unparsed,
// far cheaper than decoding them for the schema to drop. Spans and log records carry most of their bytes
// in such fields (attributes, events, links, ids), data points in exemplars, start times, min and max.
const READ_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "opentelemetry.proto.metrics.v1.NumberDataPoint": [
    "attributes",
    "timeUnixNano",
    "asDouble",
    "asInt",
    "flags",
  ],
  "opentelemetry.proto.metrics.v1.HistogramDataPoint": [
    "attributes",
    "timeUnixNano",
    "count",
    "sum",
    "bucketCounts",
    "explicitBounds",
    "flags",
  ],
  "opentelemetry.proto.metrics.v1.SummaryDataPoint": [
    "attributes",
    "timeUnixNano",
    "count",
    "sum",
    "quantileValues",
    "flags",
  ],
  "opentelemetry.proto.trace.v1.Span": ["name", "kind", "startTimeUnixNano", "endTimeUnixNano", "status"],
  "opentelemetry.proto.logs.v1.LogRecord": [
    "timeUnixNano",
    "observedTimeUnixNano",
    "severityNumber",
    "severityText",
    "body",
    "attributes",
  ],
};

/** The official definitions, every field included. */
export function loadOtlpRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports name paths from the proto root ("opentelemetry/proto/common/v1/common.proto"), not from the importer.
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  return root.loadSync([...PROTO_FILES], { keepCase: false });
}

function withReadFieldsOnly(root: protobuf.Root): protobuf.Root {
  for (const [typeName, kept] of Object.entries(READ_FIELDS)) {
    const type = root.lookupType(typeName);
    for (const field of type.fieldsArray) {
      if (kept.includes(field.name)) continue;
      // A proto3 `optional` field sits alone in a synthetic oneof, which goes with it.
      type.remove(field.partOf?.isProto3Optional === true ? field.partOf : field);
    }
  }
  return root;
}

/**
 * protobufjs's decoder names the oneof member it read through the oneof's virtual property, whose setter
 * deletes every other member from the message: for AnyValue, six deletes per attribute value, most of
 * what decoding a data point's attributes cost. Each AnyValue member becomes a field of its own, present
 * only when sent, in a one-member oneof as a proto3 `optional` field is; the receiver reads whichever
 * member is present (read-metrics-message.ts).
 */
function withAnyValueMembersApart(root: protobuf.Root): protobuf.Root {
  const type = root.lookupType("opentelemetry.proto.common.v1.AnyValue");
  const oneof = type.oneofs!.value!;
  for (const field of [...oneof.fieldsArray]) {
    oneof.remove(field);
    type.add(new protobuf.OneOf(`_${field.name}`, [field.name]));
  }
  type.remove(oneof);
  return root;
}

let root: protobuf.Root | undefined;
const types = new Map<string, protobuf.Type>();

// Parsed on the first OTLP request, not at start: the definitions take about 1.5 MB that a daemon
// receiving no OTLP should not carry.
function lookup(name: string): protobuf.Type {
  let type = types.get(name);
  if (type === undefined) {
    root ??= withAnyValueMembersApart(withReadFieldsOnly(loadOtlpRoot()));
    type = root.lookupType(name);
    types.set(name, type);
  }
  return type;
}

/**
 * The OTLP and google.rpc message types, by fully qualified name; data points, spans and log records as
 * READ_FIELDS, AnyValue's members apart.
 */
export const otlpProto = {
  get ExportMetricsServiceRequest() {
    return lookup("opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest");
  },
  get ExportMetricsServiceResponse() {
    return lookup("opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse");
  },
  get ExportTraceServiceRequest() {
    return lookup("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
  },
  get ExportTraceServiceResponse() {
    return lookup("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse");
  },
  get ExportLogsServiceRequest() {
    return lookup("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest");
  },
  get ExportLogsServiceResponse() {
    return lookup("opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse");
  },
  get Status() {
    return lookup("google.rpc.Status");
  },
};
