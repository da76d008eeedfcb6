import { describe, expect, it } from "vitest";
import {
  describeOutcome,
  type HttpAnswer,
  type HttpCondition,
  holds,
  isResponseTimeCondition,
  parseHttpCondition,
  readsBody,
} from "./http-condition.js";

function condition(text: string): HttpCondition {
  const parsed = parseHttpCondition(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
}

const BODY = JSON.stringify({
  status: "UP",
  version: 3,
  data: [{ id: 1, name: "john.doe" }],
  tags: ["a", "b"],
});
const answer: HttpAnswer = { status: 200, responseTimeMs: 120, body: BODY };

describe("Gatus-style http conditions", () => {
  it.each([
    ["[STATUS] == 200", true],
    ["[STATUS] == 201", false],
    ["[STATUS] < 300", true],
    ["[STATUS] != 200", false],
    ["[STATUS] == any(200, 429)", true],
    ["[RESPONSE_TIME] < 300", true],
    ["[RESPONSE_TIME] <= 100", false],
    ["[BODY].status == UP", true],
    ["[BODY].status == DOWN", false],
    ["[BODY].version >= 3", true],
    ["[BODY].version == 3.0", true],
    ["[BODY].data[0].id == 1", true],
    ["[BODY].data[0].name == pat(john*)", true],
    ["[BODY].data[1].name == pat(*)", false],
    ['[BODY] == pat(*"UP"*)', true],
    ["len([BODY].tags) == 2", true],
    ["len([BODY].data[0].name) == 8", true],
    ["has([BODY].errors) == false", true],
    ["has([BODY].status) == true", true],
    ["[BODY].missing == nothing", false],
  ])("%s is %s", (text, expected) => {
    expect(holds(condition(text), answer)).toBe(expected);
  });

  it("reads a body that is not JSON as text only", () => {
    const text = { ...answer, body: "ok\n" };
    expect(holds(condition("[BODY] == ok"), text)).toBe(true);
    expect(holds(condition("[BODY].status == UP"), text)).toBe(false);
    expect(holds(condition("len([BODY]) == 2"), text)).toBe(true);
  });

  it("tells the body's readers and the response-time conditions apart", () => {
    expect(readsBody([condition("[STATUS] == 200")])).toBe(false);
    expect(readsBody([condition("[STATUS] == 200"), condition("has([BODY].x) == true")])).toBe(true);
    expect(isResponseTimeCondition(condition("[RESPONSE_TIME] < 300"))).toBe(true);
    expect(isResponseTimeCondition(condition("[STATUS] < 300"))).toBe(false);
  });

  it("shows each placeholder's value in the answer", () => {
    expect(describeOutcome(condition("[BODY].status == DOWN"), answer)).toBe("[BODY].status (UP) == DOWN");
    expect(describeOutcome(condition("[STATUS] < 300"), { ...answer, status: 503 })).toBe(
      "[STATUS] (503) < 300",
    );
    expect(describeOutcome(condition("[BODY].gone == 1"), answer)).toBe("[BODY].gone (nothing) == 1");
  });

  it.each([
    [
      "[STATUS]==200",
      'expected a condition like "[STATUS] == 200" (operators == != <= >= > <, spaced), got "[STATUS]==200"',
    ],
    ["[IP] == 127.0.0.1", "unsupported placeholder [IP]; supported: [STATUS], [RESPONSE_TIME], [BODY]"],
    ["[STATUS] < pat(2*)", "pat() and any() compare with == or != only, not <"],
    ["[RESPONSE_TIME] < fast", "expected a number on each side of <"],
    ["[BODY].a..b == 1", "expected a JSON path like [BODY].data[0].name, got [BODY].a..b"],
    ["len([STATUS]) == 3", "len() takes [BODY] or a path in it, got [STATUS]"],
  ])("refuses %s", (text, message) => {
    expect(parseHttpCondition(text)).toBe(message);
  });
});
