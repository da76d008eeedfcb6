import { expect, it } from "vitest";
import { sanitizeLabelName, sanitizeLabels } from "./sanitize-labels.js";

it.each([
  ["http.route", "http_route"],
  ["k8s-pod/name", "k8s_pod_name"],
  ["2xx", "key_2xx"],
  ["_private", "key_private"],
  ["__name__", "key__name__"],
  ["ünïcode", "key_n_code"],
  ["ok_name", "ok_name"],
])("sanitizes %s to %s", (key, expected) => {
  expect(sanitizeLabelName(key)).toBe(expected);
});

it("joins colliding keys' values with ; in key order and drops empty values", () => {
  expect(sanitizeLabels({ "a.b": "dot", a_b: "underscore", "a-b": "dash", empty: "" })).toEqual({
    a_b: "dash;dot;underscore",
  });
});
