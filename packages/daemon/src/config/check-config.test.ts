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
      "orbt.yaml:5 services[0].checks[0].latency_threshold: expected only on a check with a latency (http, tcp, dns), not a command check",
    ]);
  });
});
