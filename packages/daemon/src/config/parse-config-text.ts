import { dirname, resolve } from "node:path";
import type { Result } from "@orbt/core";
import { LineCounter, parseDocument, type YAMLError } from "yaml";
import type * as z from "zod";
import type { ConfigProblem } from "./config-problem.js";
import { describeInput } from "./describe-input.js";
import { locateYamlLine } from "./locate-yaml-line.js";
import { OrbtConfig } from "./orbt-config.js";

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
};

const describeIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined) return "required";
  if (issue.code === "invalid_type") {
    return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeInput(issue.input)}`;
  }
  if (issue.code === "invalid_value") {
    return `expected one of ${issue.values.map(String).join(", ")}, got ${describeInput(issue.input)}`;
  }
  return undefined;
};

/**
 * Parses and validates one YAML config document. `fileName` is how problems name the file, and its
 * directory is what a relative `data_dir` and `backup.dir` resolve against.
 */
export function parseConfigText(text: string, fileName: string): Result<OrbtConfig, ConfigProblem[]> {
  const parsed = parseYamlText(OrbtConfig, text, fileName);
  if (!parsed.ok) return parsed;
  const config = parsed.value;
  const { backup } = config;
  const backupDir = backup?.dir ?? null;
  const resolvedBackup =
    backup === null || backupDir === null
      ? backup
      : { ...backup, dir: resolve(dirname(fileName), backupDir) };
  return {
    ok: true,
    value: { ...config, dataDir: resolve(dirname(fileName), config.dataDir), backup: resolvedBackup },
  };
}

/** Parses one YAML document and validates it with `schema`; each problem names its line and path. */
export function parseYamlText<S extends z.ZodType>(
  schema: S,
  text: string,
  fileName: string,
): Result<z.output<S>, ConfigProblem[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    return {
      ok: false,
      error: document.errors.map((error) => toSyntaxProblem(error, fileName, lineCounter)),
    };
  }
  let data: unknown;
  try {
    data = document.toJS() ?? {};
  } catch (error) {
    // toJS throws for what the parser lets through, such as an alias to an anchor never defined.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: [{ code: "yaml_syntax", file: fileName, line: 0, path: "", message }] };
  }
  const parsed = schema.safeParse(data, { error: describeIssue, reportInput: true });
  if (!parsed.success) {
    const at = (path: readonly PropertyKey[], code: ConfigProblem["code"], message: string) => ({
      code,
      file: fileName,
      line: locateYamlLine(document, lineCounter, path),
      path: formatPath(path),
      message,
    });
    const toProblems = (issue: z.core.$ZodIssue): ConfigProblem[] => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => at([...issue.path, key], "unknown_key", `unknown key "${key}"`));
      }
      const inner = issue.code === "invalid_union" ? issuesInsideTakenBranch(issue) : undefined;
      if (inner !== undefined) return inner.flatMap(toProblems);
      return [at(issue.path, issue.input === undefined ? "required" : "invalid_value", issue.message)];
    };
    const problems = parsed.error.issues.flatMap(toProblems);
    return { ok: false, error: problems.sort((a, b) => a.line - b.line) };
  }
  return { ok: true, value: parsed.data };
}

/**
 * The issues of a union's one branch that took the input's type (`tcp:` as a mapping rather than a
 * string), under the union's path: they name what is wrong in it, where the union's own message could only
 * say "expected a string or a mapping". Undefined when no branch, or several, took it.
 */
function issuesInsideTakenBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  const taken = issue.errors.filter(
    (branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0),
  );
  const [branch] = taken;
  if (taken.length !== 1 || branch === undefined) return undefined;
  return branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
}

function toSyntaxProblem(error: YAMLError, fileName: string, lineCounter: LineCounter): ConfigProblem {
  const [firstLine = error.message] = error.message.split("\n");
  return {
    code: "yaml_syntax",
    file: fileName,
    line: lineCounter.linePos(error.pos[0]).line,
    path: "",
    message: firstLine.replace(/ at line \d+, column \d+:?$/, ""),
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      return index === 0 ? String(segment) : `.${String(segment)}`;
    })
    .join("");
}
