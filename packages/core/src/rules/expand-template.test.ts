import { describe, expect, it } from "vitest";
import { expandTemplate, type TemplateData } from "./expand-template.js";

const DATA: TemplateData = {
  labels: { instance: "web-1:9090", job: "web" },
  value: 0.123456,
  externalLabels: { cluster: "eu-1" },
  externalUrl: "http://prom.example",
};

function expand(text: string): string {
  const result = expandTemplate(text, "__alert_HighLatency", DATA);
  return result.ok ? result.value : `ERR ${result.error.code}: ${result.error.message}`;
}

describe("expandTemplate", () => {
  it.each([
    ["plain text", "plain text"],
    ["{{ $labels.instance }} of {{ $labels.job }}", "web-1:9090 of web"],
    ["{{$labels.instance}}", "web-1:9090"],
    ["v={{ $value }}", "v=0.123456"],
    ["{{ .Labels.job }} {{ .Value }}", "web 0.123456"],
    ["{{ $labels.absent }}|", "|"],
    ["{{ $externalLabels.cluster }} {{ $externalURL }}", "eu-1 http://prom.example"],
    ["{{ humanize $value }}", "123.5m"],
    ["{{ $value | humanize }}", "123.5m"],
    ["{{ humanize 1234567 }}", "1.235M"],
    ["{{ humanize1024 2048 }}", "2ki"],
    ["{{ humanizePercentage $value }}", "12.35%"],
    ["{{ humanizeDuration 3725 }}", "1h 2m 5s"],
    ["{{ humanizeDuration 0.25 }}", "250ms"],
    ['{{ printf "%.2f" $value }}', "0.12"],
    ['{{ printf "%s=%v" $labels.job 3 }}', "web=3"],
    ['{{ printf "%.1f%%" (humanizePercentage 0.5 | printf "%s") }}', "%!f(string=50%)%"],
    ["{{ $labels.job | toUpper }}", "WEB"],
    ["a  {{- $labels.job -}}  b", "aweb" + "b"],
    ["{{/* a comment */}}x", "x"],
  ])("expands %j", (text, expected) => {
    expect(expand(text)).toBe(expected);
  });

  it.each([
    [
      "{{ nope $value }}",
      'ERR template_parse: error parsing template __alert_HighLatency: template: __alert_HighLatency:1: function "nope" not defined',
    ],
    [
      "line1\n{{ $undefined }}",
      'ERR template_parse: error parsing template __alert_HighLatency: template: __alert_HighLatency:2: undefined variable "$undefined"',
    ],
    [
      "{{ $value ",
      "ERR template_parse: error parsing template __alert_HighLatency: template: __alert_HighLatency:1: unclosed action",
    ],
    [
      '{{ humanize "fast" }}',
      'ERR template_exec: error executing template __alert_HighLatency: template: __alert_HighLatency:1: executing "__alert_HighLatency": error calling humanize: strconv.ParseFloat: parsing "fast": invalid syntax',
    ],
    [
      "{{ $value.x }}",
      'ERR template_exec: error executing template __alert_HighLatency: template: __alert_HighLatency:1: executing "__alert_HighLatency": can\'t evaluate field x in type float64',
    ],
  ])("reports %j as an error value", (text, expected) => {
    expect(expand(text)).toBe(expected);
  });
});
