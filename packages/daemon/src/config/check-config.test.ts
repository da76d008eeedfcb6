import { describe, expect, it } from "vitest";
import { configProblemLines, parseValidConfig } from "../../test/support/config-text.js";

/** A service `web` with the one check `check` (YAML lines at the check's indentation, the first after `- `). */
function withCheck(...check: string[]): string {
  return `services:\n  - name: web\n    checks:\n      - ${check.join("\n        ")}\n`;
}

function checkOf(...check: string[]) {
  return parseValidConfig(withCheck(...check)).services[0]?.checks[0];
}

describe("services[].checks[] kinds", () => {
  it("parses a command check, which has no latency aspect", () => {
    expect(checkOf("command: [/usr/lib/nagios/plugins/check_disk, -w, 20%]")).toMatchObject({
      kind: "command",
      argv: ["/usr/lib/nagios/plugins/check_disk", "-w", "20%"],
      latencyThresholdMs: null,
    });
    expect(configProblemLines(withCheck("command: check_disk -w 20%"))).toEqual([
      'orbt.yaml:4 services[0].checks[0].command: expected a non-empty list of strings (argv), got "check_disk -w 20%"',
    ]);
    expect(configProblemLines(withCheck("command: [check_disk]", "latency_threshold: 1s"))).toEqual([
      "orbt.yaml:5 services[0].checks[0].latency_threshold: expected only on a check with a latency (http, tcp, dns, tls), not a command check",
    ]);
  });

  it("parses a process check by pidfile or name, with restart counting defaults, and names bad keys", () => {
    expect(checkOf("process: { pidfile: /run/nginx.pid }")).toMatchObject({
      kind: "process",
      find: { pidfile: "/run/nginx.pid" },
      restarts: 3,
      restartWindowMs: 600_000,
      latencyThresholdMs: null,
    });
    expect(checkOf('process: { name: "nginx: master", restarts: 5, restart_window: 1h }')).toMatchObject({
      find: { name: /nginx: master/ },
      restarts: 5,
      restartWindowMs: 3_600_000,
    });
    expect(configProblemLines(withCheck("process: { pidfile: /run/a.pid, name: a }"))).toEqual([
      "orbt.yaml:4 services[0].checks[0].process: expected exactly one of pidfile, name",
    ]);
    expect(configProblemLines(withCheck("process: { name: a, restarts: 0 }"))).toEqual([
      "orbt.yaml:4 services[0].checks[0].process.restarts: expected an integer >= 1, got 0",
    ]);
  });

  it("names what is wrong in a tcp mapping", () => {
    expect(
      configProblemLines(withCheck("tcp: { address: 127.0.0.1:6379, expect: a, expect_regex: b }")),
    ).toEqual(["orbt.yaml:4 services[0].checks[0].tcp: expected at most one of expect, expect_regex"]);
    expect(configProblemLines(withCheck('tcp: { address: 127.0.0.1:6379, expect_regex: "(" }'))).toEqual([
      'orbt.yaml:4 services[0].checks[0].tcp.expect_regex: expected a regular expression, got "("',
    ]);
    expect(configProblemLines(withCheck("tcp: { send: PING }"))).toEqual([
      "orbt.yaml:4 services[0].checks[0].tcp.address: required",
    ]);
    expect(configProblemLines(withCheck("tcp: 6379"))).toEqual([
      "orbt.yaml:4 services[0].checks[0].tcp: expected host:port like 127.0.0.1:7070, or a mapping with address, got 6379",
    ]);
  });

  it("parses http conditions and names a bad one by its index", () => {
    expect(
      checkOf("http: { url: http://127.0.0.1:8080/health, conditions: ['[STATUS] == 200'] }"),
    ).toMatchObject({
      kind: "http",
      url: "http://127.0.0.1:8080/health",
      conditions: [{ text: "[STATUS] == 200", operator: "==" }],
    });
    expect(
      configProblemLines(
        withCheck(
          "http: { url: http://127.0.0.1:8080/health, conditions: ['[STATUS] == 200', '[IP] == 10.0.0.1'] }",
        ),
      ),
    ).toEqual([
      "orbt.yaml:4 services[0].checks[0].http.conditions[1]: unsupported placeholder [IP]; supported: [STATUS], [RESPONSE_TIME], [BODY]",
    ]);
    expect(configProblemLines(withCheck("http: { conditions: [] }"))).toEqual([
      "orbt.yaml:4 services[0].checks[0].http.url: required",
    ]);
  });

  it("parses a tls check and names what is wrong in it", () => {
    expect(
      checkOf(
        "tls: { address: shop.example.com:443, server_name: shop.example.com, ca: /etc/ssl/ca.pem, min_days_left: 30 }",
      ),
    ).toMatchObject({
      kind: "tls",
      host: "shop.example.com",
      port: 443,
      serverName: "shop.example.com",
      caFile: "/etc/ssl/ca.pem",
      minDaysLeft: 30,
      latencyThresholdMs: 1_000,
    });
    expect(configProblemLines(withCheck("tls: { address: shop.example.com:443, min_days_left: 0 }"))).toEqual(
      ["orbt.yaml:4 services[0].checks[0].tls.min_days_left: expected an integer >= 1, got 0"],
    );
  });
});
