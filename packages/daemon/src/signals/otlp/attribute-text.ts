import type { AttributeValue } from "./otlp-schema.js";

/** An attribute value as a label value or log text: strings as they are, anything else as JSON. */
export function attributeText(value: AttributeValue): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Every attribute as text. */
export function attributeTexts(attributes: Readonly<Record<string, AttributeValue>>): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) texts[key] = attributeText(value);
  return texts;
}
