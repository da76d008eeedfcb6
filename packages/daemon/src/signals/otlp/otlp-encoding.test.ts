import { expect, it } from "vitest";
import { readOtlpEncoding } from "./otlp-encoding.js";

it.each([
  ["application/x-protobuf", { ok: true, value: "protobuf" }],
  ["application/json; charset=utf-8", { ok: true, value: "json" }],
  ["Application/JSON", { ok: true, value: "json" }],
])("reads %s", (contentType, expected) => {
  expect(readOtlpEncoding(contentType)).toEqual(expected);
});

it.each([undefined, "", "text/plain", "application/protobuf"])(
  "refuses %s as an unsupported media type",
  (type) => {
    expect(readOtlpEncoding(type)).toMatchObject({ ok: false, error: { code: "unsupported_media_type" } });
  },
);
