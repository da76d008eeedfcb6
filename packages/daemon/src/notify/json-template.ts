/**
 * A JSON body with `{{field}}` placeholders in its strings. A string that is one placeholder and nothing
 * else becomes the field's JSON value (a number stays a number, an object an object); a placeholder within
 * other text becomes the field's text. Keys are never templated.
 */
export type JsonTemplate = unknown;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

export type TemplateProblem = { readonly path: readonly (string | number)[]; readonly message: string };

/** Placeholders naming a field outside `fields`, each with where it is. */
export function findTemplateProblems(template: JsonTemplate, fields: readonly string[]): TemplateProblem[] {
  const known = new Set(fields);
  const problems: TemplateProblem[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === "string") {
      for (const [, field] of value.matchAll(PLACEHOLDER)) {
        if (known.has(field!)) continue;
        problems.push({
          path,
          message: `unknown field "${field}" in {{${field}}}; expected one of ${fields.join(", ")}`,
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index]);
      });
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(template, []);
  return problems;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The template with every placeholder replaced from `values`. */
export function renderTemplate(template: JsonTemplate, values: Readonly<Record<string, unknown>>): unknown {
  if (typeof template === "string") {
    const whole = WHOLE_PLACEHOLDER.exec(template);
    if (whole !== null) return values[whole[1]!] ?? null;
    return template.replace(PLACEHOLDER, (_match, field: string) => asText(values[field]));
  }
  if (Array.isArray(template)) return template.map((item) => renderTemplate(item, values));
  if (typeof template === "object" && template !== null) {
    return Object.fromEntries(
      Object.entries(template).map(([key, item]) => [key, renderTemplate(item, values)]),
    );
  }
  return template;
}
