import protobuf from "protobufjs";

// Prometheus remote_write 1.0 (prompb/remote.proto and prompb/types.proto), restricted to what Orbt reads.
// Native histograms are declared without fields so that they can be counted and refused, not decoded.
const PROMPB_PROTO = `
syntax = "proto3";
package prometheus;

message WriteRequest {
  repeated TimeSeries timeseries = 1;
}
message TimeSeries {
  repeated Label labels = 1;
  repeated Sample samples = 2;
  repeated Histogram histograms = 4;
}
message Label {
  string name = 1;
  string value = 2;
}
message Sample {
  double value = 1;
  int64 timestamp = 2;
}
message Histogram {}
`;

/** `prometheus.WriteRequest`, the body of a remote_write 1.0 request once snappy is undone. */
export const WriteRequestType: protobuf.Type = protobuf
  .parse(PROMPB_PROTO)
  .root.lookupType("prometheus.WriteRequest");
