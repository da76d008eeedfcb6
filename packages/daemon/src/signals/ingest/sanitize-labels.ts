const INVALID_LABEL_CHARS = /[^a-zA-Z0-9_]/g;

/**
 * Makes an attribute key a Prometheus label name per the OpenTelemetry compatibility rules: invalid
 * characters become `_`, a leading digit gets `key_`, a leading `_` gets `key`. The last rule also keeps
 * attributes from posing as reserved `__` labels such as `__name__`.
 */
export function sanitizeLabelName(key: string): string {
  const name = key.replace(INVALID_LABEL_CHARS, "_");
  if (name === "") return "";
  if (/^[0-9]/.test(name)) return `key_${name}`;
  if (name.startsWith("_")) return `key${name}`;
  return name;
}

/** Sanitizes every key; keys that collide after sanitizing keep all values, joined by `;` in key order. */
export function sanitizeLabels(attributes: Readonly<Record<string, string>>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of Object.keys(attributes).sort()) {
    const name = sanitizeLabelName(key);
    const value = attributes[key];
    if (name === "" || value === undefined || value === "") continue;
    const existing = labels[name];
    labels[name] = existing === undefined ? value : `${existing};${value}`;
  }
  return labels;
}
