import type { Context } from "hono";
import { ApiFailure } from "./api-failure.js";

/** The request's JSON body; an empty body is `{}` when `isOptional`, a 400 `invalid_json` otherwise. */
export async function readJsonBody(c: Context, isOptional: boolean): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") {
    if (isOptional) return {};
    throw new ApiFailure(400, "invalid_json", "request body is empty; expected a JSON object");
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiFailure(400, "invalid_json", `request body is not valid JSON: ${(err as Error).message}`);
  }
}
