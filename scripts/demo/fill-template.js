/**
 * `template` with each `${name}` replaced by `values[name]`, escaped for the inside of a YAML
 * double-quoted string (JSON's escapes are YAML's), where the template's placeholders stand.
 */
export function fillTemplate(template, values) {
  return template.replace(/\$\{(\w+)\}/g, (_, name) => {
    if (!Object.hasOwn(values, name)) throw new Error(`demo config: no value for \${${name}}`);
    return JSON.stringify(String(values[name])).slice(1, -1);
  });
}
