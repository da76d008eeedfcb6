import { formatConfigProblem } from "../../src/config/config-problem.js";
import type { OrbtConfig } from "../../src/config/orbt-config.js";
import { parseConfigText } from "../../src/config/parse-config-text.js";

/** The config `text` stands for; throws with its problems when it is not valid. */
export function parseValidConfig(text: string, fileName = "orbt.yaml"): OrbtConfig {
  const parsed = parseConfigText(text, fileName);
  if (!parsed.ok) throw new Error(parsed.error.map(formatConfigProblem).join("; "));
  return parsed.value;
}

/** The problems of `text` (file `orbt.yaml`) as `orbtd validate` prints them; throws when it is valid. */
export function configProblemLines(text: string): string[] {
  const parsed = parseConfigText(text, "orbt.yaml");
  if (parsed.ok) throw new Error("expected problems, the config parsed");
  return parsed.error.map(formatConfigProblem);
}
