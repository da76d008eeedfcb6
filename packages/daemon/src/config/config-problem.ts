export type ConfigProblemCode =
  | "file_not_found"
  | "file_unreadable"
  | "yaml_syntax"
  | "unknown_key"
  | "required"
  | "invalid_value";

/** One thing wrong with a config file. `line` is 1-based; 0 when the problem is the file as a whole. */
export type ConfigProblem = {
  readonly code: ConfigProblemCode;
  readonly file: string;
  readonly line: number;
  /** Like `services[0].checks[0].interval`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
};

/** `orbt.yaml:14 services[0].checks[0].interval: expected a duration like 5s, got "fast"` */
export function formatConfigProblem(problem: ConfigProblem): string {
  const location = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
  return problem.path === ""
    ? `${location}: ${problem.message}`
    : `${location} ${problem.path}: ${problem.message}`;
}
