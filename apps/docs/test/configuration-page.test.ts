import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type PresetSource, REMEDY_PRESETS } from "../../../packages/daemon/src/act/remedy-presets.js";
import { formatConfigProblem } from "../../../packages/daemon/src/config/config-problem.js";
import { OrbtConfig } from "../../../packages/daemon/src/config/orbt-config.js";
import { parseConfigText } from "../../../packages/daemon/src/config/parse-config-text.js";

const PAGE = readFileSync(new URL("../configuration.md", import.meta.url), "utf8");

/** The zod internals this walk reads; zod 4 keeps a schema's definition under `_zod.def`. */
type SchemaNode = {
  readonly _zod: {
    readonly def: {
      readonly type: string;
      readonly shape?: Readonly<Record<string, SchemaNode>>;
      readonly innerType?: SchemaNode;
      readonly element?: SchemaNode;
      readonly in?: SchemaNode;
    };
  };
};

/** Every key path the schema accepts, as the page writes them: `services[].checks[].interval`. */
function listKeyPaths(node: SchemaNode, prefix: string): string[] {
  const def = node._zod.def;
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
    case "nullable":
      return listKeyPaths(def.innerType!, prefix);
    case "pipe":
      return listKeyPaths(def.in!, prefix);
    case "array":
      return listKeyPaths(def.element!, `${prefix}[]`);
    case "object":
      return Object.entries(def.shape!).flatMap(([key, child]) => {
        const path = prefix === "" ? key : `${prefix}.${key}`;
        return [path, ...listKeyPaths(child, path)];
      });
    default:
      return [];
  }
}

/** The text under a `## heading`, up to the next heading of that level. */
function sectionOf(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`no section "## ${heading}"`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

function codeBlocksOf(markdown: string, language: string): string[] {
  const fence = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g");
  return [...markdown.matchAll(fence)].map((match) => match[1]!);
}

const keyPaths = listKeyPaths(OrbtConfig as unknown as SchemaNode, "");

describe("configuration.md", () => {
  it("finds the schema's keys by walking it", () => {
    expect(keyPaths).toContain("services[].checks[].interval");
    expect(keyPaths).toContain("remedies[].http.method");
    expect(keyPaths.length).toBeGreaterThan(25);
  });

  it.each(keyPaths)("documents %s in a reference table row", (path) => {
    const escaped = path.replace(/[.[\]]/g, "\\$&");
    expect(PAGE).toMatch(new RegExp(`^\\| \`${escaped}\` +\\|`, "m"));
  });

  it("gives an annotated example that the daemon accepts", () => {
    const [example] = codeBlocksOf(sectionOf(PAGE, "Annotated example"), "yaml");
    expect(example).toBeDefined();
    const parsed = parseConfigText(example!, "orbt.yaml");
    expect(parsed.ok ? [] : parsed.error.map(formatConfigProblem)).toEqual([]);
    // The example is meant to show every key: each one appears in it.
    const leafKeys = new Set(
      keyPaths.map(
        (path) =>
          path
            .split(/[.[\]]+/)
            .filter(Boolean)
            .at(-1)!,
      ),
    );
    for (const key of leafKeys) expect(example, key).toMatch(new RegExp(`^\\s*(- )?${key}:`, "m"));
  });

  it("lists every remedy preset, and no other, in the Remedy presets table", () => {
    const rows = [
      ...sectionOf(PAGE, "Remedy presets").matchAll(/^\| (`\w+`|any, with `deploy_hook`) +\| `(\w+)`/gm),
    ];
    const documented = rows.map(([, platform, solution]) => `${platform} ${solution}`);
    const presets = (Object.keys(REMEDY_PRESETS) as PresetSource[]).flatMap((source) =>
      Object.keys(REMEDY_PRESETS[source]).map(
        (solution) => `${source === "deploy_hook" ? "any, with `deploy_hook`" : `\`${source}\``} ${solution}`,
      ),
    );
    expect(documented.sort()).toEqual(presets.sort());
  });

  it("prints exactly the validation errors the daemon reports", () => {
    const section = sectionOf(PAGE, "Validation errors");
    const [badFile] = codeBlocksOf(section, "yaml");
    const [printed] = codeBlocksOf(section, "text");
    const parsed = parseConfigText(badFile!, "orbt.yaml");
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.error.map(formatConfigProblem)).toEqual(printed!.trimEnd().split("\n"));
    expect(printed).toContain(
      'orbt.yaml:14 services[0].checks[0].interval: expected a duration like 5s, got "fast"',
    );
  });
});
