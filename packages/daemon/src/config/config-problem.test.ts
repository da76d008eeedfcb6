import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "./config-problem.js";

describe("formatConfigProblem", () => {
  it("prints file:line path: message", () => {
    const line = formatConfigProblem({
      code: "invalid_value",
      file: "orbt.yaml",
      line: 14,
      path: "services[0].checks[0].interval",
      message: 'expected a duration like 5s, got "fast"',
    });
    expect(line).toBe('orbt.yaml:14 services[0].checks[0].interval: expected a duration like 5s, got "fast"');
  });

  it("leaves out the path of a document-level problem", () => {
    const line = formatConfigProblem({
      code: "yaml_syntax",
      file: "conf/orbt.yaml",
      line: 3,
      path: "",
      message: "Map keys must be unique",
    });
    expect(line).toBe("conf/orbt.yaml:3: Map keys must be unique");
  });

  it("leaves out line 0 of a whole-file problem", () => {
    const line = formatConfigProblem({
      code: "file_not_found",
      file: "./missing.yaml",
      line: 0,
      path: "",
      message: "file not found",
    });
    expect(line).toBe("./missing.yaml: file not found");
  });
});
