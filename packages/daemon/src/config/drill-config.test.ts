import { describe, expect, it } from "vitest";
import { configProblemLines, parseValidConfig } from "../../test/support/config-text.js";

const SERVICE = `services:
  - name: web
    faults:
      stop:
        exec: [systemctl, stop, web]
        restore: [systemctl, start, web]
        deadline: 2m
`;

describe("drill config", () => {
  it("reads a service's faults and the scheduled drills, in milliseconds", () => {
    const config = parseValidConfig(
      `${SERVICE}drills:\n  schedules:\n    - service: web\n      schedule: "0 3 * * 1"\n`,
    );
    expect(config.services[0]?.faults).toEqual({
      stop: {
        argv: ["systemctl", "stop", "web"],
        timeoutMs: 30_000,
        restoreArgv: ["systemctl", "start", "web"],
        deadlineMs: 120_000,
      },
    });
    expect(config.drills).toEqual({
      isAllowedInProd: false,
      schedules: [{ service: "web", fault: null, schedule: "0 3 * * 1" }],
    });
  });

  it("names a fault without argv, and a scheduled drill's unknown service or fault, by where they are", () => {
    const text = `services:
  - name: web
    faults:
      stop: { exec: [] }
  - name: batch
drills:
  schedules:
    - service: api
      schedule: "0 3 * * 1"
    - service: web
      fault: fill_disk
      schedule: "0 3 * * 1"
    - service: batch
      schedule: "0 3 * * 1"
`;
    expect(configProblemLines(text)).toEqual([
      "orbt.yaml:4 services[0].faults.stop.exec: expected a non-empty list of strings (argv), got a list",
      'orbt.yaml:8 drills.schedules[0].service: no service named "api" is configured',
      'orbt.yaml:11 drills.schedules[1].fault: service "web" has no fault named "fill_disk" (its faults: stop)',
      'orbt.yaml:13 drills.schedules[2].service: name a fault of service "batch" (it has no faults configured)',
    ]);
  });

  it("refuses scheduled drills in environment: prod unless drills.allow_in_prod", () => {
    const schedules = `  schedules:\n    - service: web\n      schedule: "0 3 * * 1"\n`;
    expect(configProblemLines(`environment: prod\n${SERVICE}drills:\n${schedules}`)).toEqual([
      "orbt.yaml:10 drills.schedules: drills are refused in environment: prod; set drills.allow_in_prod: true to run them there",
    ]);
    const allowed = parseValidConfig(
      `environment: prod\n${SERVICE}drills:\n  allow_in_prod: true\n${schedules}`,
    );
    expect(allowed.drills.isAllowedInProd).toBe(true);
  });
});
