import { PrometheusApiFailure } from "./prometheus-api-failure.js";

/** Request parameters read like Go's `r.Form`: a POST form body's values first, then the URL query's. */
export type FormParams = {
  /** The first value, or "" when absent (Go's FormValue). */
  get(name: string): string;
  getAll(name: string): readonly string[];
};

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

async function readBodyParams(request: Request): Promise<[string, string][]> {
  if (!BODY_METHODS.has(request.method)) return [];
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType === "application/x-www-form-urlencoded") {
    return [...new URLSearchParams(await request.text()).entries()];
  }
  if (mediaType === "multipart/form-data") {
    const form = await request.formData().catch((e: unknown) => {
      throw new PrometheusApiFailure("bad_data", `error parsing form values: ${(e as Error).message}`);
    });
    return [...form.entries()].flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : []));
  }
  // Go's ParseForm ignores other bodies too.
  return [];
}

export async function readFormParams(request: Request): Promise<FormParams> {
  const pairs = [...(await readBodyParams(request)), ...new URL(request.url).searchParams.entries()];
  const values = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else list.push(value);
  }
  return {
    get: (name) => values.get(name)?.[0] ?? "",
    getAll: (name) => values.get(name) ?? [],
  };
}
