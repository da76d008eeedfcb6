import type { z } from "zod";

/** An error that the API's one error handler turns into `{error:{code,message,path?}}`. */
export class ApiFailure extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 503,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    return text === "" ? String(key) : `${text}.${String(key)}`;
  }, "");
}

/** Parses with a protocol schema at the edge, turning the first issue into a 400 that names the field. */
export function parseOrFail<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue === undefined ? "" : formatIssuePath(issue.path);
  const message = `${what}${path === "" ? "" : ` ${path}`}: ${issue?.message ?? "invalid"}`;
  throw new ApiFailure(400, "invalid_request", message, path === "" ? undefined : path);
}
