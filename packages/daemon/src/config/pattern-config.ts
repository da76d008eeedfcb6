import {
  CATALOG_NAME_EXPECTED,
  CATALOG_NAME_RE,
  type ErrorPattern,
  EscalationTrigger,
  listSolutionNames,
  SEED_PATTERNS,
} from "@orbt/core";
import * as z from "zod";
import { describeInput } from "./describe-input.js";
import { expecting } from "./field-schemas.js";

const catalogName = z.string(expecting(`a name of ${CATALOG_NAME_EXPECTED}`)).regex(CATALOG_NAME_RE, {
  error: (issue) => `expected ${CATALOG_NAME_EXPECTED}, got ${describeInput(issue.input)}`,
});

const names = z.array(catalogName, expecting("a list of names"));

/** A pattern of one's own: its symptoms, its solutions for each strike (the seed's or new ones), its triggers. */
const OwnPattern = z
  .strictObject({
    name: catalogName.describe("Unique pattern name, not a seed pattern's."),
    symptoms: names.min(1, "expected at least one symptom").describe("The symptoms that show the pattern."),
    strike1_solutions: names.default([]).describe("Solutions strike 1 may run."),
    strike2_alternatives: names.default([]).describe("Solutions strike 2 may run."),
    escalation_triggers: z
      .array(
        z.enum(EscalationTrigger.options, expecting(`one of ${EscalationTrigger.options.join(", ")}`)),
        expecting("a list of trigger names"),
      )
      .default([])
      .describe("Triggers that page for the pattern's incidents."),
  })
  .transform((raw, ctx): ErrorPattern => {
    if (raw.strike1_solutions.length + raw.strike2_alternatives.length === 0) {
      ctx.issues.push({
        code: "custom",
        input: raw,
        path: ["strike1_solutions"],
        message: "expected at least one solution in strike1_solutions or strike2_alternatives",
      });
      return z.NEVER;
    }
    return {
      name: raw.name,
      symptoms: raw.symptoms,
      strike1Solutions: raw.strike1_solutions,
      strike2Alternatives: raw.strike2_alternatives,
      escalationTriggers: raw.escalation_triggers,
    };
  });

export const OwnPatterns = z.array(OwnPattern, expecting("a list of patterns"));

/** The catalog the engine runs with: the seed's patterns, then the config's own. */
export function configuredPatterns(config: {
  readonly patterns: readonly ErrorPattern[];
}): readonly ErrorPattern[] {
  return [...SEED_PATTERNS, ...config.patterns];
}

type Issue = {
  readonly path: readonly (string | number)[];
  readonly input: unknown;
  readonly message: string;
};

function fieldsOf(item: unknown): Record<string, unknown> {
  return typeof item === "object" && item !== null ? (item as Record<string, unknown>) : {};
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * What only the whole config can tell: a pattern named twice (or as a seed pattern), and a remedy or a
 * symptom mapping naming a solution, pattern or symptom no pattern has. Runs on unvalidated input.
 */
export function checkCatalogReferences(raw: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const own = Array.isArray(raw.patterns) ? raw.patterns.map(fieldsOf) : [];
  const catalog = new Map(SEED_PATTERNS.map((pattern) => [pattern.name, pattern.symptoms]));
  const firstIndex = new Map<string, number>();
  own.forEach((pattern, index) => {
    const name = pattern.name;
    if (typeof name !== "string") return;
    const path = ["patterns", index, "name"];
    if (SEED_PATTERNS.some((seed) => seed.name === name)) {
      issues.push({ path, input: name, message: `duplicate pattern name "${name}": a seed pattern has it` });
    } else if (firstIndex.has(name)) {
      const message = `duplicate pattern name "${name}", first used by patterns[${firstIndex.get(name)}]`;
      issues.push({ path, input: name, message });
    } else {
      firstIndex.set(name, index);
      catalog.set(name, stringsOf(pattern.symptoms));
    }
  });
  const solutions = new Set([
    ...listSolutionNames(),
    // Parsed patterns are camelCase already; ones with problems are still as written.
    ...own.flatMap((pattern) => [
      ...stringsOf(pattern.strike1Solutions ?? pattern.strike1_solutions),
      ...stringsOf(pattern.strike2Alternatives ?? pattern.strike2_alternatives),
    ]),
  ]);
  const remedies = Array.isArray(raw.remedies) ? raw.remedies.map(fieldsOf) : [];
  remedies.forEach((remedy, index) => {
    const solution = remedy.solution;
    if (typeof solution !== "string" || solutions.has(solution)) return;
    issues.push({
      path: ["remedies", index, "solution"],
      input: solution,
      message: `no pattern names the solution "${solution}": expected one of ${[...solutions].join(", ")}, or a pattern of patterns: naming it`,
    });
  });
  const mappings = Array.isArray(raw.symptoms) ? raw.symptoms.map(fieldsOf) : [];
  mappings.forEach((mapping, index) => {
    const { pattern, symptom } = mapping;
    if (typeof pattern !== "string") return;
    const symptoms = catalog.get(pattern);
    if (symptoms === undefined) {
      issues.push({
        path: ["symptoms", index, "pattern"],
        input: pattern,
        message: `expected one of ${[...catalog.keys()].join(", ")}, got ${describeInput(pattern)}`,
      });
    } else if (typeof symptom === "string" && !symptoms.includes(symptom)) {
      issues.push({
        path: ["symptoms", index, "symptom"],
        input: symptom,
        message: `expected one of ${symptoms.join(", ")}, got ${describeInput(symptom)}`,
      });
    }
  });
  return issues;
}
