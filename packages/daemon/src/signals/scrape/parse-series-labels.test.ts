import { expect, it } from "vitest";
import { parseSeriesLabels } from "./parse-series-labels.js";

it.each([
  ["up", { __name__: "up" }],
  [
    'http_requests_total{method="post",code="200",}',
    { __name__: "http_requests_total", method: "post", code: "200" },
  ],
  [
    'msdos{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""}',
    { __name__: "msdos", path: "C:\\DIR\\FILE.TXT", error: 'Cannot find file:\n"FILE.TXT"' },
  ],
  ['a{ b = "x\\ty" , c="" }', { __name__: "a", b: "x\\ty" }],
  ['{"my.dotted.metric", "label.with.dots"="v"}', { __name__: "my.dotted.metric", "label.with.dots": "v" }],
  ['a{b="ünïcødé}"}', { __name__: "a", b: "ünïcødé}" }],
])("reads %s", (series, labels) => {
  expect(parseSeriesLabels(series)).toEqual({ ok: true, value: labels });
});

it.each([
  ['a{b="1",b="2"}', "duplicate label b"],
  ['a{0b="1"}', "invalid label name"],
  ["a{b=1}", "invalid value for label b"],
  ['a{b="1" c="2"}', 'expected "," or "}"'],
  ['{b="1"}', "no metric name"],
  ['a{b="1"}x', "unexpected"],
])("refuses %s", (series, message) => {
  const result = parseSeriesLabels(series);
  expect(result.ok === false && result.error).toContain(message);
});
