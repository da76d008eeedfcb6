import { readdir, readFile } from "node:fs/promises";
import { isAbsolute, join, resolve, sep } from "node:path";
import type { Result } from "@orbt/core";
import type { ConfigProblem } from "../../config/config-problem.js";
import type { LoadedRuleGroup } from "./loaded-rule-group.js";
import { DEFAULT_EVALUATION_INTERVAL_MS, parseRuleFileText } from "./parse-rule-file-text.js";

/**
 * Loads the rule files that `patterns` (paths or globs with `*`, `?`, `[...]`, relative to `baseDir`) name.
 * Every problem of every file comes back, each with its file and line. A glob matching nothing is fine, as
 * in Prometheus; a plain path that does not exist is a problem.
 */
export async function loadRuleFiles(
  baseDir: string,
  patterns: readonly string[],
  defaultIntervalMs = DEFAULT_EVALUATION_INTERVAL_MS,
): Promise<Result<LoadedRuleGroup[], ConfigProblem[]>> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const absolute = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern);
    for (const file of await expandGlob(absolute)) if (!files.includes(file)) files.push(file);
  }
  const groups: LoadedRuleGroup[] = [];
  const problems: ConfigProblem[] = [];
  for (const file of files) {
    const loaded = await loadRuleFile(file, defaultIntervalMs);
    if (loaded.ok) groups.push(...loaded.value);
    else problems.push(...loaded.error);
  }
  return problems.length > 0 ? { ok: false, error: problems } : { ok: true, value: groups };
}

export async function loadRuleFile(
  file: string,
  defaultIntervalMs = DEFAULT_EVALUATION_INTERVAL_MS,
): Promise<Result<LoadedRuleGroup[], ConfigProblem[]>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const code = errno === "ENOENT" ? "file_not_found" : "file_unreadable";
    const message = errno === "ENOENT" ? "file not found" : `cannot read file (${errno})`;
    return { ok: false, error: [{ code, file, line: 0, path: "", message }] };
  }
  return parseRuleFileText(text, file, defaultIntervalMs);
}

const GLOB_CHARS = /[*?[]/;

/** Go's filepath.Glob: wildcards in any path segment, matches sorted; a literal path is kept even if absent. */
export async function expandGlob(absolute: string): Promise<string[]> {
  if (!GLOB_CHARS.test(absolute)) return [absolute];
  const segments = absolute.split(sep);
  let paths = [segments[0] === "" ? sep : segments[0]!];
  for (const segment of segments.slice(1)) {
    if (segment === "") continue;
    if (!GLOB_CHARS.test(segment)) {
      paths = paths.map((p) => join(p, segment));
      continue;
    }
    const pattern = globToRegExp(segment);
    const next: string[] = [];
    for (const dir of paths) {
      const entries = await readdir(dir).catch(() => [] as string[]);
      for (const entry of entries.sort()) if (pattern.test(entry)) next.push(join(dir, entry));
    }
    paths = next;
  }
  return paths;
}

function globToRegExp(segment: string): RegExp {
  let body = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") body += "[^/]*";
    else if (c === "?") body += "[^/]";
    else if (c === "[") {
      const end = segment.indexOf("]", i + 1);
      if (end === -1) body += "\\[";
      else {
        body += `[${segment
          .slice(i + 1, end)
          .replace(/^\^/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else body += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${body}$`);
}
