import { describe, expect, it } from "vitest";
import { findTemplateProblems, renderTemplate } from "./json-template.js";

describe("JSON body templates", () => {
  it("finds every placeholder naming an unknown field, with its path", () => {
    const template = { a: "{{known}} {{nope}}", list: [{ b: "{{ alsoNope }}" }], "{{key}}": "kept" };
    expect(findTemplateProblems(template, ["known"])).toEqual([
      { path: ["a"], message: 'unknown field "nope" in {{nope}}; expected one of known' },
      { path: ["list", 0, "b"], message: 'unknown field "alsoNope" in {{alsoNope}}; expected one of known' },
    ]);
  });

  it("keeps a lone placeholder's value as JSON and writes others as text", () => {
    const values = { n: 3, o: { x: 1 }, s: "hi", z: null };
    expect(
      renderTemplate(
        { n: "{{n}}", o: "{{ o }}", text: "{{s}}: {{n}} {{o}} [{{z}}]", z: "{{z}}", raw: "{x}" },
        values,
      ),
    ).toEqual({ n: 3, o: { x: 1 }, text: 'hi: 3 {"x":1} []', z: null, raw: "{x}" });
  });

  it("renders a template without placeholders as is", () => {
    expect(renderTemplate([1, true, null, "plain"], {})).toEqual([1, true, null, "plain"]);
  });
});
