import { expect, it } from "vitest";
import { buildPrometheusMetricName, type PrometheusMetricKind } from "./prometheus-metric-name.js";

it.each<[string, string, PrometheusMetricKind, string]>([
  ["http.server.duration", "ms", "histogram", "http_server_duration_milliseconds"],
  ["http.server.request.duration", "s", "histogram", "http_server_request_duration_seconds"],
  ["process.cpu.time", "s", "counter", "process_cpu_time_seconds_total"],
  ["requests", "1", "counter", "requests_total"],
  ["requests_total", "", "counter", "requests_total"],
  ["total.requests", "", "counter", "requests_total"],
  ["cpu.utilization", "1", "gauge", "cpu_utilization_ratio"],
  ["memory.usage", "By", "gauge", "memory_usage_bytes"],
  ["memory_usage_bytes", "By", "gauge", "memory_usage_bytes"],
  ["network.io", "By/s", "counter", "network_io_bytes_per_second_total"],
  ["queue.items", "{items}", "gauge", "queue_items"],
  ["throughput", "{req}/min", "gauge", "throughput_per_min"],
  ["disk.free", "%", "gauge", "disk_free_percent"],
  ["2fa.attempts", "", "counter", "_2fa_attempts_total"],
  ["weird..name--x", "custom_unit", "gauge", "weird_name_x_custom_unit"],
])("names %s [%s] as a %s: %s", (name, unit, kind, expected) => {
  expect(buildPrometheusMetricName(name, unit, kind)).toBe(expected);
});
