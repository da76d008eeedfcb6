import { formatDurationMs } from "@orbt/core";
import * as z from "zod";
import { OrbtConfig } from "./orbt-config.js";

/** The JSON Schema keywords the reference reads; zod writes them from the config schema's input side. */
type JsonSchema = {
  readonly type?: string;
  readonly format?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly items?: JsonSchema;
  readonly $ref?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly pattern?: string;
};

type Row = {
  readonly key: string;
  readonly type: string;
  readonly fallback: string;
  readonly allowed: string;
  readonly description: string;
};

const hasKeys = (schema: JsonSchema) => Object.keys(schema.properties ?? {}).length > 0;
const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The variants of a schema that are not `null` (a trigger's `false` parses to null). */
function variantsOf(schema: JsonSchema): readonly JsonSchema[] {
  return (schema.anyOf ?? [schema]).filter((variant) => variant.type !== "null");
}

function typeOf(schema: JsonSchema): string {
  if (schema.$ref !== undefined) return "any YAML value";
  if (schema.anyOf !== undefined) return [...new Set(variantsOf(schema).map(typeOf))].join(" or ");
  if (schema.const !== undefined) return code(schema.const);
  if (schema.enum !== undefined)
    return schema.enum.every((value) => typeof value === "string") ? "string" : "one of the allowed";
  // "a duration like 5s" names the type, the example aside.
  if (schema.format !== undefined) return schema.format.replace(/^an? /, "").replace(/ like .*$/, "");
  switch (schema.type) {
    case "array":
      return `list of ${typeOf(schema.items ?? {})}`;
    case "object":
      return hasKeys(schema) ? "mapping (keys below)" : "mapping";
    case undefined:
      return "any YAML value";
    default:
      return schema.type;
  }
}

/** The bounds and choices a value must keep, as far as the schema states them. */
function allowedOf(schema: JsonSchema): string {
  if (schema.anyOf !== undefined) {
    const parts = variantsOf(schema).map(allowedOf).filter(Boolean);
    return parts.join("; ");
  }
  const parts: string[] = [];
  if (schema.enum !== undefined) parts.push(schema.enum.map(code).join(", "));
  if (schema.minimum !== undefined) parts.push(`>= ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER)
    parts.push(`<= ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minItems !== undefined)
    parts.push(`at least ${schema.minItems} ${schema.minItems === 1 ? "item" : "items"}`);
  if (schema.minLength !== undefined && schema.minLength > 1)
    parts.push(`at least ${schema.minLength} characters`);
  if (schema.pattern !== undefined) parts.push(`matching ${code(schema.pattern)}`);
  if (schema.type === "array" && schema.items !== undefined && schema.items.type !== "object") {
    const items = allowedOf(schema.items);
    if (items !== "") parts.push(`each ${items}`);
  }
  return parts.join(", ");
}

function fallbackOf(schema: JsonSchema, isRequired: boolean): string {
  if (schema.default === undefined) return isRequired ? "required" : "none";
  const value = schema.default;
  const isEmptyMapping = typeof value === "object" && value !== null && Object.keys(value).length === 0;
  return isEmptyMapping && !Array.isArray(value) && variantsOf(schema).some(hasKeys)
    ? "its keys' defaults"
    : code(value);
}

/** The object variants of a schema whose keys are listed under it: a mapping, or the mapping form of a union. */
function childObjectsOf(schema: JsonSchema): readonly JsonSchema[] {
  const own = schema.type === "array" && schema.items !== undefined ? schema.items : schema;
  return variantsOf(own).filter((variant) => variant.type === "object" && variant.properties !== undefined);
}

function rowsOf(schema: JsonSchema, prefix: string): Row[] {
  return childObjectsOf(schema).flatMap((object) =>
    Object.entries(object.properties ?? {}).flatMap(([key, child]) => {
      const base = prefix === "" ? key : `${prefix}.${key}`;
      const path = child.type === "array" ? `${base}[]` : base;
      const row: Row = {
        key: base,
        type: typeOf(child),
        fallback: fallbackOf(child, object.required?.includes(key) === true),
        allowed: allowedOf(child),
        description: child.description ?? "",
      };
      return [row, ...rowsOf(child, path)];
    }),
  );
}

/** A table padded as the repository's formatter pads one, so the written page passes the lint as is. */
function tableOf(rows: readonly Row[]): string {
  const header = ["Key", "Type", "Default", "Allowed", "Description"];
  const cells = rows.map((row) =>
    [code(row.key), row.type, row.fallback, row.allowed, row.description].map(cell),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]!.length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...cells.map(line)].join("\n");
}

/**
 * A default given as parsed output (`.default(60_000)` on a duration) is left out of the input side by
 * zod; it is written back here as a config file would write it.
 */
function restoreOutputDefault(context: {
  readonly zodSchema: z.core.$ZodType;
  readonly jsonSchema: z.core.JSONSchema.BaseSchema;
}): void {
  const def = context.zodSchema._zod.def;
  if (def.type !== "default" || context.jsonSchema.default !== undefined) return;
  const value: unknown = (def as z.core.$ZodDefaultDef).defaultValue;
  const isDuration = typeof value === "number" && /duration/.test(String(context.jsonSchema.format));
  context.jsonSchema.default = isDuration ? formatDurationMs(value) : (value as z.core.util.JSONType);
}

/** The JSON Schema of what a config file may hold: the schema's input side. */
export function configJsonSchema(): JsonSchema {
  return z.toJSONSchema(OrbtConfig, {
    io: "input",
    unrepresentable: "any",
    reused: "inline",
    override: restoreOutputDefault,
  }) as JsonSchema;
}

/**
 * `apps/docs/config-reference.md`: every key of the config schema with its type, default, allowed values
 * and description, one section per top-level key. `npm run docs:config` writes it; a docs test fails when
 * the committed page differs from this.
 */
export function renderConfigReference(): string {
  const schema = configJsonSchema();
  const sections = Object.entries(schema.properties ?? {}).map(([key, child]) => {
    const top: JsonSchema = { type: "object", properties: { [key]: child }, required: schema.required ?? [] };
    return `## ${key}\n\n${tableOf(rowsOf(top, ""))}\n`;
  });
  return [
    "# Configuration reference",
    "",
    "<!-- Generated from the config schema by `npm run docs:config`; do not edit by hand. -->",
    "",
    "Every key `orbt.yaml` accepts, generated from the schema the daemon parses it with. Durations are",
    "written like `30s`, `5m`, `1h30m`; sizes like `10MB` or `16MiB`. The [configuration guide](./configuration.md)",
    "explains how the keys work together.",
    "",
    ...sections,
  ].join("\n");
}
