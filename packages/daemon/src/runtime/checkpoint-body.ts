import { createHash } from "node:crypto";
import { ENGINE_CHECKPOINT_VERSION, EngineCheckpoint, err, ok, type Result } from "@orbt/core";

/**
 * How a checkpoint was found whole: by the digest its writer sealed it with (its own JSON, so a body that
 * matches holds exactly what a daemon took) or, for a body without one or not matching it, by the schema.
 */
export type CheckpointCheck = "digest" | "schema";

export type ReadCheckpoint = { readonly checkpoint: EngineCheckpoint; readonly checkedBy: CheckpointCheck };

// Last key of the body, so the sealed text is the body less this key and the digest is found without
// parsing. Readers that do not know it (older daemons) drop it with the other unknown keys.
const DIGEST_KEY = ',"digest":"sha256:';
const DIGEST_HEX = /^[0-9a-f]{64}$/;
const SUFFIX_LENGTH = DIGEST_KEY.length + 64 + '"}'.length;

/** The stored text of `checkpoint`: its JSON, sealed with the sha256 of that JSON. */
export function encodeCheckpointBody(checkpoint: EngineCheckpoint): string {
  const sealed = JSON.stringify(checkpoint);
  const digest = createHash("sha256").update(sealed).digest("hex");
  return `${sealed.slice(0, -1)}${DIGEST_KEY}${digest}"}`;
}

/** Whether `body` ends with the digest of the rest of it, as `encodeCheckpointBody` sealed it. */
function isSealed(body: string): boolean {
  if (body.length <= SUFFIX_LENGTH) return false;
  const suffix = body.slice(-SUFFIX_LENGTH);
  const digest = suffix.slice(DIGEST_KEY.length, -2);
  if (!suffix.startsWith(DIGEST_KEY) || !suffix.endsWith('"}') || !DIGEST_HEX.test(digest)) return false;
  // Hashed in two parts: joining them first would copy the whole body once more.
  const sealed = createHash("sha256").update(body.slice(0, -SUFFIX_LENGTH)).update("}").digest("hex");
  return sealed === digest;
}

/**
 * The checkpoint stored as `body`. One whose digest matches and whose version is today's is taken as
 * written; any other (older, unsealed, altered) is checked against the schema, as every one once was.
 */
export function decodeCheckpointBody(body: string): Result<ReadCheckpoint, string> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
  if ((json as { version?: unknown } | null)?.version === ENGINE_CHECKPOINT_VERSION && isSealed(body))
    return ok({ checkpoint: json as EngineCheckpoint, checkedBy: "digest" });
  const parsed = EngineCheckpoint.safeParse(json);
  return parsed.success ? ok({ checkpoint: parsed.data, checkedBy: "schema" }) : err(parsed.error.message);
}
