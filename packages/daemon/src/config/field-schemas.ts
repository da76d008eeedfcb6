import { parseDurationMs } from "@orbt/core";
import { validate as isCronExpression } from "node-cron";
import * as z from "zod";
import { describeInput } from "./describe-input.js";
import { parseHostPort } from "./host-port.js";

/**
 * A schema-level message for a present but wrong value. A missing value (`undefined`) falls through to
 * the per-parse error map, which says "required".
 */
export function expecting(expected: string) {
  return {
    error: (issue: { readonly input?: unknown }) =>
      issue.input === undefined ? undefined : `expected ${expected}, got ${describeInput(issue.input)}`,
  };
}

/** A string schema whose text `parse` turns into a value, or rejects as not being `expected`. */
export function parsedText<T>(expected: string, parse: (text: string) => T | undefined) {
  return z
    .string(expecting(expected))
    .meta({ format: expected })
    .transform((text, ctx) => {
      const value = parse(text);
      if (value !== undefined) return value;
      ctx.issues.push({
        code: "custom",
        input: text,
        message: `expected ${expected}, got ${describeInput(text)}`,
      });
      return z.NEVER;
    });
}

/** A duration that may be 0 ("0s"), which turns off what it times. */
export const durationOrZeroMs = parsedText("a duration like 5s", parseDurationMs);

export const durationMs = durationOrZeroMs.refine((ms) => ms > 0, {
  message: "expected a duration above 0",
});

export const httpUrl = parsedText("an http(s) URL", (text) => {
  const protocol = URL.canParse(text) ? new URL(text).protocol : undefined;
  return protocol === "http:" || protocol === "https:" ? text : undefined;
});

/** A JavaScript regular expression, compiled. */
export const regex = parsedText("a regular expression", (text) => {
  try {
    return new RegExp(text);
  } catch {
    return undefined;
  }
});

export const hostPort = parsedText("host:port like 127.0.0.1:7070", parseHostPort);

/** The name of a service, a token, a receiver: what YAML keys and URLs can carry as is. */
export const name = z
  .string(expecting("a name"))
  .regex(/^[A-Za-z0-9._-]{1,128}$/, expecting("1-128 characters of A-Z a-z 0-9 . _ -"));

export const positiveInteger = z.int(expecting("an integer >= 1")).min(1, expecting("an integer >= 1"));

/** A cron expression as node-cron 4 reads it: five fields, or six with seconds first. */
export const cronExpression = z
  .string(expecting('a cron expression like "0 2 * * 0"'))
  .meta({ format: 'a cron expression like "0 2 * * 0"' })
  .refine((text) => isCronExpression(text), {
    error: (issue) =>
      `expected a cron expression like "0 2 * * 0" (minute hour day month weekday, seconds optional first), got ${describeInput(issue.input)}`,
  });
