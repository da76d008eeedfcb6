import * as z from "zod";
import { execKey } from "../act/exec-executor.js";
import { cronExpression, durationMs, expecting, name } from "./field-schemas.js";

/**
 * A service's `faults: { NAME: { exec, timeout, restore?, deadline } }`: what a drill runs (argv, no
 * shell) to break the service on purpose, what puts it back after the drill, and how long the drill
 * waits for the ladder to detect and repair it.
 */
export const Fault = z
  .strictObject(
    {
      exec: execKey.settings.describe(
        "Argv that injects the fault, without a shell; exit code 0: it is in place.",
      ),
      timeout: durationMs
        .prefault("30s")
        .describe("How long the fault command, and the restore command, may run."),
      restore: execKey.settings
        .optional()
        .describe("Argv run when the drill ends, whatever its outcome, to put the service back."),
      deadline: durationMs
        .prefault("5m")
        .describe("From the injection: not detected by then is not_detected, not repaired not_repaired."),
    },
    expecting("a mapping with exec"),
  )
  .transform((raw) => ({
    argv: raw.exec,
    timeoutMs: raw.timeout,
    restoreArgv: raw.restore ?? null,
    deadlineMs: raw.deadline,
  }));

export type FaultConfig = z.output<typeof Fault>;

/** `drills.schedules[]`: a drill each time `schedule` fires; `fault` may be left out when the service has one. */
const DrillSchedule = z
  .strictObject(
    {
      service: name.describe("The configured service to drill."),
      fault: name.optional().describe("One of the service's faults; required when it has more than one."),
      schedule: cronExpression.describe("When the drill runs."),
    },
    expecting("a mapping with service and schedule"),
  )
  .transform((raw) => ({ service: raw.service, fault: raw.fault ?? null, schedule: raw.schedule }));

/** `drills: { allow_in_prod, schedules }`: drills are refused in `environment: prod` unless allowed. */
export const Drills = z
  .strictObject({
    allow_in_prod: z
      .boolean(expecting("true or false"))
      .default(false)
      .describe("Drills run in environment prod only when true; else they are refused."),
    schedules: z.array(DrillSchedule).default([]).describe("Drills run each time their schedule fires."),
  })
  .transform((raw) => ({ isAllowedInProd: raw.allow_in_prod, schedules: raw.schedules }));

export type DrillsConfig = z.output<typeof Drills>;

/** Why drills may not run in this environment, or undefined when they may. */
export function refuseDrills(config: {
  readonly environment: string;
  readonly drills: Pick<DrillsConfig, "isAllowedInProd">;
}): string | undefined {
  if (config.environment !== "prod" || config.drills.isAllowedInProd) return undefined;
  return "drills are refused in environment: prod; set drills.allow_in_prod: true to run them there";
}

/** The fault a drill on `service` runs: the one named, or the service's only one. */
export function pickFault(
  service: { readonly name: string; readonly faults: Readonly<Record<string, unknown>> },
  fault: string | null,
): { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string } {
  const names = Object.keys(service.faults);
  if (fault !== null) {
    return names.includes(fault)
      ? { ok: true, name: fault }
      : { ok: false, message: `service "${service.name}" has no fault named "${fault}" (${listed(names)})` };
  }
  const [only] = names;
  if (names.length === 1 && only !== undefined) return { ok: true, name: only };
  return { ok: false, message: `name a fault of service "${service.name}" (${listed(names)})` };
}

function listed(names: readonly string[]): string {
  return names.length === 0 ? "it has no faults configured" : `its faults: ${names.join(", ")}`;
}

type FieldReader = { readonly [key: string]: unknown };

function fieldsOf(value: unknown): FieldReader {
  return typeof value === "object" && value !== null ? (value as FieldReader) : {};
}

/**
 * Each scheduled drill names a configured service and one of its faults, and none is scheduled in prod
 * unless drills are allowed there. Runs on partly unvalidated input, so it trusts none of it.
 */
export function checkDrillReferences(raw: {
  readonly environment: unknown;
  readonly services: unknown;
  readonly drills: unknown;
}): z.core.$ZodRawIssue[] {
  const drills = fieldsOf(raw.drills);
  const schedules = Array.isArray(drills.schedules) ? drills.schedules : [];
  const services = Array.isArray(raw.services) ? raw.services.map(fieldsOf) : [];
  const issues: z.core.$ZodRawIssue[] = [];
  const isAllowed = drills.allow_in_prod === true || drills.isAllowedInProd === true;
  if (raw.environment === "prod" && !isAllowed && schedules.length > 0) {
    issues.push({
      code: "custom",
      input: drills.schedules,
      path: ["drills", "schedules"],
      message: refuseDrills({ environment: "prod", drills: { isAllowedInProd: false } }) ?? "",
    });
  }
  schedules.forEach((schedule, index) => {
    const { service: serviceName, fault } = fieldsOf(schedule);
    if (typeof serviceName !== "string") return;
    const service = services.find((each) => each.name === serviceName);
    if (service === undefined) {
      const message = `no service named "${serviceName}" is configured`;
      issues.push({
        code: "custom",
        input: serviceName,
        path: ["drills", "schedules", index, "service"],
        message,
      });
      return;
    }
    const picked = pickFault(
      { name: serviceName, faults: fieldsOf(service.faults) },
      typeof fault === "string" ? fault : null,
    );
    if (!picked.ok) {
      const key = typeof fault === "string" ? "fault" : "service";
      issues.push({
        code: "custom",
        input: fault ?? serviceName,
        path: ["drills", "schedules", index, key],
        message: picked.message,
      });
    }
  });
  return issues;
}
