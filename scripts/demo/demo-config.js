import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const TEMPLATE = new URL("./demo-config.yaml", import.meta.url);
const SEND_REMEDY = fileURLToPath(new URL("./send-remedy.js", import.meta.url));

/**
 * The text of demo-config.yaml for one run: orbtd on a port the system picks, `token` the operator's,
 * `services` checked at their health URLs, remedies running send-remedy.js against `controlUrl`.
 */
export async function demoConfigText({ token, services, controlUrl }) {
  return fillTemplate(await readFile(TEMPLATE, "utf8"), {
    listen: "127.0.0.1:0",
    token,
    node: process.execPath,
    send_remedy: SEND_REMEDY,
    control: controlUrl,
    ...Object.fromEntries(services.map((service) => [service.name, service.healthUrl])),
  });
}

/**
 * `template` with each `${name}` replaced by `values[name]`, escaped for the inside of a YAML
 * double-quoted string (JSON's escapes are YAML's), where the template's placeholders stand. A
 * placeholder without a value, or a value without a placeholder (a story service the config does not
 * watch), throws.
 */
function fillTemplate(template, values) {
  const used = new Set();
  const text = template.replace(/\$\{(\w+)\}/g, (_, name) => {
    if (!Object.hasOwn(values, name)) throw new Error(`demo config: no value for \${${name}}`);
    used.add(name);
    return JSON.stringify(String(values[name])).slice(1, -1);
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`demo config: no \${…} for ${unused.join(", ")}`);
  return text;
}
