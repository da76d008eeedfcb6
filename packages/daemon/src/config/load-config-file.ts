import { readFile } from "node:fs/promises";
import type { Result } from "@orbt/core";
import type { ConfigProblem } from "./config-problem.js";
import type { OrbtConfig } from "./orbt-config.js";
import { parseConfigText } from "./parse-config-text.js";

/** Reads and validates the config file at `path`; problems name the file as `path` was given. */
export async function loadConfigFile(path: string): Promise<Result<OrbtConfig, ConfigProblem[]>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const problem: ConfigProblem =
      errno === "ENOENT"
        ? { code: "file_not_found", file: path, line: 0, path: "", message: "file not found" }
        : { code: "file_unreadable", file: path, line: 0, path: "", message: `cannot read file (${errno})` };
    return { ok: false, error: [problem] };
  }
  return parseConfigText(text, path);
}
