import { RemedyTool } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { EXECUTORS, type ExecutorRegistry } from "../src/act/executors.js";
import {
  RECEIVER_KINDS,
  type ReceiverKindName,
  type ReceiverKindRegistry,
} from "../src/notify/receiver-kinds.js";
import {
  CHECK_KINDS,
  type CheckKindName,
  type CheckKindRegistry,
} from "../src/signals/checks/check-kinds.js";

// The @ts-expect-error lines are the test: `npm run typecheck` fails if any of them stops being an error,
// that is, if a registry stops demanding one line per kind.
describe("kind registries", () => {
  it("has an executor for every remedy tool, in the order of the tools", () => {
    expect(Object.keys(EXECUTORS)).toEqual(RemedyTool.options);
  });

  it("does not compile a remedy tool without its executor line", () => {
    // @ts-expect-error Property 'unwritten' is missing: a tool named in core needs its line in EXECUTORS.
    const withUnwritten: ExecutorRegistry<RemedyTool | "unwritten"> = EXECUTORS;
    expect(withUnwritten).toBe(EXECUTORS);
  });

  it("does not compile an executor filed under another kind", () => {
    const swapped: ExecutorRegistry<RemedyTool> = {
      ...EXECUTORS,
      // @ts-expect-error The systemd executor runs systemd actions, so it cannot stand for docker.
      docker: EXECUTORS.systemd,
    };
    expect(Object.keys(swapped)).toEqual(RemedyTool.options);
  });

  it("does not compile a check kind without its line", () => {
    // @ts-expect-error Property 'unwritten' is missing: a check kind needs its line in CHECK_KINDS.
    const withUnwritten: CheckKindRegistry<CheckKindName | "unwritten"> = CHECK_KINDS;
    expect(withUnwritten).toBe(CHECK_KINDS);
  });

  it("does not compile a check kind filed under another kind", () => {
    // @ts-expect-error The tcp check tags its targets tcp, so it cannot stand for http.
    const swapped: CheckKindRegistry<CheckKindName> = { http: CHECK_KINDS.tcp, tcp: CHECK_KINDS.http };
    expect(Object.keys(swapped)).toEqual(["http", "tcp"]);
  });

  it("does not compile a notification receiver kind without its line", () => {
    // @ts-expect-error Property 'unwritten' is missing: a receiver kind needs its line in RECEIVER_KINDS.
    const withUnwritten: ReceiverKindRegistry<ReceiverKindName | "unwritten"> = RECEIVER_KINDS;
    expect(withUnwritten).toBe(RECEIVER_KINDS);
  });

  it("does not compile a receiver kind filed under another kind", () => {
    const swapped: ReceiverKindRegistry<ReceiverKindName> = {
      ...RECEIVER_KINDS,
      // @ts-expect-error The slack receiver tags its targets slack, so it cannot stand for webhook.
      webhook: RECEIVER_KINDS.slack,
    };
    expect(Object.keys(swapped)).toEqual(["webhook", "slack", "pagerduty", "email"]);
  });
});
