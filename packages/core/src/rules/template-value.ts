/** A value inside an alert template: Go strings, float64s and label maps. */
export type TemplateValue = string | number | Readonly<Record<string, string>>;

/** Go's type name of a template value, as error messages spell it. */
export function goTypeName(value: TemplateValue): string {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "float64";
  return "map[string]string";
}
