import type { OrbtConfig } from "./orbt-config.js";
import { parseConfigText } from "./parse-config-text.js";

// Parsed by the same code as a user's file, so the schema vouches for the defaults too.
const EMBEDDED_DEFAULT_CONFIG_YAML = `
project: orbt
environment: dev
listen: 127.0.0.1:7070
data_dir: ./data
services:
  - name: orbtd
    platform: exec
    checks:
      - http: http://127.0.0.1:7070/healthz
        interval: 10s
remedies: []
`;

/** The config `orbtd` runs with when given none: it watches its own health endpoint. */
export function embeddedDefaultConfig(): OrbtConfig {
  const parsed = parseConfigText(EMBEDDED_DEFAULT_CONFIG_YAML, "<embedded default>");
  if (!parsed.ok) {
    throw new Error(`embedded default config is invalid: ${JSON.stringify(parsed.error)}`);
  }
  return parsed.value;
}
