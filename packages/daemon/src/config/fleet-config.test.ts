import { describe, expect, it } from "vitest";
import { configProblemLines, parseValidConfig } from "../../test/support/config-text.js";

describe("fleet config keys", () => {
  it("reads upstream over JetStream with the default subject, and fleet with its defaults", () => {
    const config = parseValidConfig(`host: db-1
upstream: { nats: "nats://10.0.0.5:4222" }
fleet: { nats: "nats://127.0.0.1:4222" }
`);
    expect(config.upstream).toEqual({
      transport: "nats",
      servers: "nats://10.0.0.5:4222",
      subject: "orbt.fleet",
      maxBackoffMs: 30_000,
    });
    expect(config.fleet).toEqual({
      servers: "nats://127.0.0.1:4222",
      subject: "orbt.fleet",
      stream: "ORBT_FLEET",
      durable: "orbt-central",
    });
  });

  it("reads upstream over HTTP with its token from a file and a shorter backoff cap", () => {
    const config =
      parseValidConfig(`upstream: { url: "http://c:7070", token_file: /run/orbt/up, max_backoff: 5s }
tokens:
  - { name: web, token: s3cret, role: reporter, hosts: [web-1, web-2] }
`);
    expect(config.upstream).toEqual({
      transport: "http",
      url: "http://c:7070",
      token: null,
      tokenFile: "/run/orbt/up",
      maxBackoffMs: 5_000,
    });
    expect(config.tokens?.[0]).toMatchObject({ name: "web", hosts: ["web-1", "web-2"] });
  });

  it("names what is wrong with host, upstream and fleet at their paths", () => {
    const text = (upstream: string) =>
      `host: "web 1"\nupstream: ${upstream}\nfleet: { nats: "http://x:4222", subject: "a..b" }\n`;
    const lines = configProblemLines(text(`{ url: "http://c:7070", nats: "nats://n:4222" }`)).join("\n");
    expect(lines).toMatch(/orbt\.yaml:1 host: expected 1-128 characters/);
    expect(lines).toMatch(/orbt\.yaml:2 upstream: expected exactly one of url, nats/);
    expect(lines).toMatch(/fleet\.nats: expected a nats:\/\/ URL/);
    expect(lines).toMatch(/fleet\.subject: expected a NATS subject/);
    expect(configProblemLines(text(`{ url: "http://c:7070", subject: x }`)).join("\n")).toMatch(
      /upstream\.subject: expected only with nats, not with url/,
    );
    expect(configProblemLines(text(`{ nats: "nats://n:4222", token: t }`)).join("\n")).toMatch(
      /upstream\.token: expected only with url, not with nats/,
    );
    expect(configProblemLines(text(`{ url: "http://c:7070", token: t, token_file: f }`)).join("\n")).toMatch(
      /upstream\.token_file: expected at most one of token, token_file/,
    );
    expect(configProblemLines(text(`{ url: "http://c:7070", max_backoff: 0s }`)).join("\n")).toMatch(
      /upstream\.max_backoff: expected/,
    );
    expect(
      configProblemLines("tokens:\n  - { name: w, token: t, role: reporter, hosts: [] }\n").join("\n"),
    ).toMatch(/tokens\[0\]\.hosts: expected at least one host name/);
  });
});
