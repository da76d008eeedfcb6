import { describe, expect, it } from "vitest";
import { parseHostPort } from "./host-port.js";

describe("parseHostPort", () => {
  it.each([
    ["127.0.0.1:7070", { host: "127.0.0.1", port: 7070 }],
    ["[::1]:7070", { host: "::1", port: 7070 }],
    ["localhost:0", { host: "localhost", port: 0 }],
    ["db.internal:5432", { host: "db.internal", port: 5432 }],
    ["[fe80::1]:65535", { host: "fe80::1", port: 65535 }],
  ])("parses %s", (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  it.each([
    "",
    "127.0.0.1",
    ":7070",
    "127.0.0.1:",
    "127.0.0.1:65536",
    "127.0.0.1:http",
    "::1:7070",
    "[::1]",
    "[not-ip]:80",
    "[127.0.0.1]:80",
    "http://127.0.0.1:80",
    "-bad:80",
    "bad.:80",
    "host name:80",
  ])("rejects %j", (text) => {
    expect(parseHostPort(text)).toBeUndefined();
  });
});
