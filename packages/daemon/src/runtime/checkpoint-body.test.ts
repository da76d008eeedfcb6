import { createHash } from "node:crypto";
import {
  EMPTY_HISTORY,
  ENGINE_CHECKPOINT_VERSION,
  EngineCheckpoint,
  initialState,
  step,
  takeCheckpoint,
} from "@orbt/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseConfigText } from "../config/parse-config-text.js";
import { decodeCheckpointBody, encodeCheckpointBody } from "./checkpoint-body.js";
import { toEngineSettings, toServiceStates } from "./engine-settings.js";

function checkpointWithIncident(): EngineCheckpoint {
  const parsed = parseConfigText("services:\n  - name: web\n", "orbt.yaml");
  if (!parsed.ok) throw new Error("fixture config must parse");
  const start = initialState(toEngineSettings(parsed.value), toServiceStates(parsed.value));
  const { state } = step(start, { type: "HealthReported", service: "web", status: "failing" }, 1_000);
  return takeCheckpoint(state, EMPTY_HISTORY, 1, 2_000);
}

describe("checkpoint body", () => {
  const checkpoint = checkpointWithIncident();
  const body = encodeCheckpointBody(checkpoint);

  it("reads back what it sealed, by its digest", () => {
    const read = decodeCheckpointBody(body);
    expect(read).toMatchObject({ ok: true, value: { checkedBy: "digest" } });
    expect(read.ok && read.value.checkpoint).toMatchObject(checkpoint);
    expect(Object.keys(checkpoint.state.incidents)).toHaveLength(1);
  });

  it("checks a body without a digest, as written before it had one, against the schema", () => {
    const read = decodeCheckpointBody(JSON.stringify(checkpoint));
    expect(read).toEqual({ ok: true, value: { checkpoint, checkedBy: "schema" } });
  });

  it("checks an altered body against the schema: one it still fits is read, one it does not is refused", () => {
    const fits = body.replace('"service":"web"', '"service":"api"');
    const read = decodeCheckpointBody(fits);
    expect(read).toMatchObject({ ok: true, value: { checkedBy: "schema" } });
    expect(read.ok && Object.values(read.value.checkpoint.state.incidents)[0]?.service).toBe("api");

    const refused = decodeCheckpointBody(body.replace(/"strike":\d/, '"strike":9'));
    expect(refused.ok).toBe(false);
  });

  it("checks a sealed body of another version against the schema, which refuses it", () => {
    const other = encodeCheckpointBody({
      ...checkpoint,
      version: ENGINE_CHECKPOINT_VERSION + 1,
    } as unknown as EngineCheckpoint);
    expect(decodeCheckpointBody(other).ok).toBe(false);
  });

  it("refuses a body cut short", () => {
    expect(decodeCheckpointBody(body.slice(0, body.length / 2)).ok).toBe(false);
  });

  it("is read by its digest only as the shape its version names", () => {
    // A sealed checkpoint is not checked against the schema, so a new shape needs a new version: raise
    // ENGINE_CHECKPOINT_VERSION, or, where every checkpoint of this version still fits the new shape (a
    // field added as optional), record the new fingerprint here.
    const shape = JSON.stringify(z.toJSONSchema(EngineCheckpoint, { io: "input", unrepresentable: "any" }));
    const fingerprint = createHash("sha256").update(shape).digest("hex");
    expect({ version: ENGINE_CHECKPOINT_VERSION, fingerprint }).toEqual({
      version: 2,
      fingerprint: "583ea9498b1fa02bfbec6b0eab904349587795fd7d111ecf2b9a1030f4f0112c",
    });
  });
});
