import { expect, it } from "vitest";
import { parseByteSize } from "./parse-byte-size.js";

it.each([
  ["0", 0],
  ["512", 512],
  ["512B", 512],
  ["10KB", 10_240],
  ["10KiB", 10_240],
  ["10MB", 10_485_760],
  ["2 MiB", 2_097_152],
  ["1GB", 1_073_741_824],
])("reads %s as %i bytes", (text, bytes) => {
  expect(parseByteSize(text)).toBe(bytes);
});

it.each(["", "MB", "-1MB", "1.5MB", "10 mb", "10TB"])("rejects %j", (text) => {
  expect(parseByteSize(text)).toBeUndefined();
});
