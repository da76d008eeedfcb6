import { unquoteGoString } from "../promql/go-string.js";
import type { Labels } from "../promql/labels.js";
import { err, ok, type Result } from "../result.js";
import { sprintfGo } from "./sprintf-go.js";
import { TEMPLATE_FUNCTIONS } from "./template-functions.js";
import type { TemplateValue } from "./template-value.js";

/** What an alert's label and annotation templates see: `$labels`, `$value`, `$externalLabels`, `$externalURL`. */
export type TemplateData = {
  readonly labels: Labels;
  readonly value: number;
  readonly externalLabels: Labels;
  readonly externalUrl: string;
};

/** Messages read like Prometheus's: `error parsing template NAME: template: NAME:1: ...`. */
export type TemplateError = { readonly code: "template_parse" | "template_exec"; readonly message: string };

type Term =
  | { readonly kind: "literal"; readonly value: TemplateValue }
  | {
      readonly kind: "path";
      readonly root: "$" | "." | string;
      readonly fields: readonly string[];
      readonly text: string;
    }
  | { readonly kind: "function"; readonly name: string }
  | { readonly kind: "pipeline"; readonly commands: readonly Command[] };
type Command = readonly Term[];
type Node =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "action"; readonly commands: readonly Command[]; readonly line: number };

const VARIABLES = new Set(["$", "$labels", "$value", "$externalLabels", "$externalURL"]);
const KEYWORDS = new Set([
  "if",
  "else",
  "end",
  "range",
  "with",
  "define",
  "template",
  "block",
  "break",
  "continue",
]);

class TemplateSyntaxError extends Error {}

/** Expands a Go text/template subset: actions with pipelines over variables, fields, literals and functions. */
export function expandTemplate(
  text: string,
  name: string,
  data: TemplateData,
): Result<string, TemplateError> {
  // Without "{{" there is no action: Go's text/template prints such text as it is.
  if (!text.includes("{{")) return ok(text);
  let byName = parsedTemplates.get(text);
  if (byName === undefined) {
    byName = new Map();
    parsedTemplates.set(text, byName);
  }
  let parsed = byName.get(name);
  if (parsed === undefined) {
    parsed = parseOnce(text, name);
    byName.set(name, parsed);
  }
  if (!parsed.ok) return parsed;
  const nodes = parsed.value;
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") {
      out += node.text;
      continue;
    }
    const value = runPipeline(node.commands, data);
    if (!value.ok) {
      return err({
        code: "template_exec",
        message: `error executing template ${name}: template: ${name}:${node.line}: executing "${name}": ${value.error}`,
      });
    }
    out += printValue(value.value);
  }
  return ok(out);
}

// Rule templates are few and evaluated every round for every alert: each is parsed once.
const parsedTemplates = new Map<string, Map<string, Result<readonly Node[], TemplateError>>>();

function parseOnce(text: string, name: string): Result<readonly Node[], TemplateError> {
  try {
    return ok(parseTemplate(text, name));
  } catch (e) {
    if (!(e instanceof TemplateSyntaxError)) throw e;
    return err({ code: "template_parse", message: `error parsing template ${name}: ${e.message}` });
  }
}

function printValue(value: TemplateValue): string {
  return typeof value === "string" ? value : sprintfGo("%v", [value]);
}

function parseTemplate(text: string, name: string): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  const fail = (offset: number, message: string): never => {
    const line = text.slice(0, offset).split("\n").length;
    throw new TemplateSyntaxError(`template: ${name}:${line}: ${message}`);
  };
  while (at < text.length) {
    const open = text.indexOf("{{", at);
    if (open === -1) {
      nodes.push({ kind: "text", text: text.slice(at) });
      break;
    }
    let literal = text.slice(at, open);
    let bodyStart = open + 2;
    if (
      text.startsWith("- ", bodyStart) ||
      text.startsWith("-\t", bodyStart) ||
      text.startsWith("-\n", bodyStart)
    ) {
      literal = literal.trimEnd();
      bodyStart += 1;
    }
    if (literal !== "") nodes.push({ kind: "text", text: literal });
    const close = findClose(text, bodyStart);
    if (close === -1) fail(open, "unclosed action");
    let bodyEnd = close;
    at = close + 2;
    if (/\s-$/.test(text.slice(bodyStart, close))) {
      bodyEnd = close - 1;
      const rest = text.slice(at);
      at += rest.length - rest.trimStart().length;
    }
    const body = text.slice(bodyStart, bodyEnd).trim();
    if (body.startsWith("/*") && body.endsWith("*/")) continue;
    const tokens = tokenize(body, (message) => fail(open, message));
    const parser = new PipelineParser(tokens, (message) => fail(open, message));
    const commands = parser.parsePipeline();
    if (!parser.isDone()) fail(open, `unexpected ${JSON.stringify(parser.peek())} in command`);
    if (commands.length === 0) fail(open, "missing value for command");
    nodes.push({ kind: "action", commands, line: text.slice(0, open).split("\n").length });
  }
  return nodes;
}

function findClose(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length - 1; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "`") quote = c;
    else if (c === "}" && text[i + 1] === "}") return i;
  }
  return -1;
}

const TOKEN =
  /\s*(?:("(?:[^"\\]|\\.)*"|`[^`]*`)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|((?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.)|([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\||\(|\)|:=|=))/y;

type Token = {
  readonly kind: "string" | "variable" | "field" | "number" | "identifier" | "symbol";
  readonly text: string;
};

function tokenize(body: string, fail: (message: string) => never): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < body.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(body);
    if (match === null) {
      if (body.slice(start).trim() === "") break;
      return fail(`unexpected ${JSON.stringify(body.slice(start).trim()[0])} in command`);
    }
    const kinds = ["string", "variable", "field", "number", "identifier", "symbol"] as const;
    const index = match.slice(1).findIndex((group) => group !== undefined);
    tokens.push({ kind: kinds[index]!, text: match[index + 1]! });
  }
  return tokens;
}

class PipelineParser {
  #at = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly fail: (message: string) => never,
  ) {}

  isDone(): boolean {
    return this.#at >= this.tokens.length;
  }

  peek(): string {
    return this.tokens[this.#at]?.text ?? "";
  }

  parsePipeline(): Command[] {
    const commands: Command[] = [];
    for (;;) {
      const command: Term[] = [];
      while (!this.isDone() && this.peek() !== "|" && this.peek() !== ")") command.push(this.#parseTerm());
      if (command.length === 0) {
        if (commands.length > 0 || this.peek() === "|") this.fail("missing command");
        return commands;
      }
      commands.push(command);
      if (this.peek() !== "|") return commands;
      this.#at++;
    }
  }

  #parseTerm(): Term {
    const token = this.tokens[this.#at++]!;
    switch (token.kind) {
      case "string": {
        const value = unquoteGoString(token.text);
        return value === undefined ? this.fail(`bad string ${token.text}`) : { kind: "literal", value };
      }
      case "number":
        return { kind: "literal", value: Number(token.text) };
      case "variable": {
        const [root = "", ...fields] = token.text.split(".");
        if (!VARIABLES.has(root)) this.fail(`undefined variable "${root}"`);
        return { kind: "path", root, fields, text: token.text };
      }
      case "field":
        return {
          kind: "path",
          root: ".",
          fields: token.text
            .split(".")
            .slice(1)
            .filter((f) => f !== ""),
          text: token.text,
        };
      case "identifier":
        if (KEYWORDS.has(token.text)) this.fail(`unsupported action "${token.text}"`);
        if (TEMPLATE_FUNCTIONS[token.text] === undefined) this.fail(`function "${token.text}" not defined`);
        return { kind: "function", name: token.text };
      case "symbol": {
        if (token.text !== "(") this.fail(`unexpected ${JSON.stringify(token.text)} in operand`);
        const commands = this.parsePipeline();
        if (this.tokens[this.#at]?.text !== ")") this.fail("unclosed left paren");
        this.#at++;
        return { kind: "pipeline", commands };
      }
    }
  }
}

function runPipeline(commands: readonly Command[], data: TemplateData): Result<TemplateValue, string> {
  let piped: TemplateValue | undefined;
  for (const command of commands) {
    const result = runCommand(command, piped, data);
    if (!result.ok) return result;
    piped = result.value;
  }
  return piped === undefined ? err("empty pipeline") : ok(piped);
}

function runCommand(
  command: Command,
  piped: TemplateValue | undefined,
  data: TemplateData,
): Result<TemplateValue, string> {
  const head = command[0];
  if (head === undefined) return err("empty command");
  if (head.kind !== "function") {
    if (command.length > 1 || piped !== undefined)
      return err(`can't give argument to non-function ${describeTerm(head)}`);
    return evaluateTerm(head, data);
  }
  const args: TemplateValue[] = [];
  for (let i = 1; i < command.length; i++) {
    const value = evaluateTerm(command[i]!, data);
    if (!value.ok) return value;
    args.push(value.value);
  }
  if (piped !== undefined) args.push(piped);
  const result = TEMPLATE_FUNCTIONS[head.name]!(args);
  return result.ok ? result : err(`error calling ${head.name}: ${result.error}`);
}

function describeTerm(term: Term): string {
  if (term.kind === "path") return term.text;
  if (term.kind === "literal") return printValue(term.value);
  return term.kind === "function" ? term.name : "(pipeline)";
}

function evaluateTerm(term: Term, data: TemplateData): Result<TemplateValue, string> {
  switch (term.kind) {
    case "literal":
      return ok(term.value);
    case "function":
      return runCommand([term], undefined, data);
    case "pipeline":
      return runPipeline(term.commands, data);
    case "path":
      return resolvePath(term.root, term.fields, data);
  }
}

const ROOT_FIELDS: Readonly<Record<string, (data: TemplateData) => TemplateValue>> = {
  Labels: (d) => d.labels,
  Value: (d) => d.value,
  ExternalLabels: (d) => d.externalLabels,
  ExternalURL: (d) => d.externalUrl,
};

const VARIABLE_FIELDS: Readonly<Record<string, string>> = {
  $labels: "Labels",
  $value: "Value",
  $externalLabels: "ExternalLabels",
  $externalURL: "ExternalURL",
};

function resolvePath(
  root: string,
  fields: readonly string[],
  data: TemplateData,
): Result<TemplateValue, string> {
  const path = root === "$" || root === "." ? fields : [VARIABLE_FIELDS[root]!, ...fields];
  const [first, ...restFields] = path;
  if (first === undefined) return err("can't print the template data itself");
  const rootField = ROOT_FIELDS[first];
  if (rootField === undefined) return err(`can't evaluate field ${first} in type *template.tmplData`);
  let value: TemplateValue = rootField(data);
  for (const field of restFields) {
    if (typeof value !== "object") {
      return err(`can't evaluate field ${field} in type ${typeof value === "string" ? "string" : "float64"}`);
    }
    // Prometheus runs templates with missingkey=zero: an absent label reads as "".
    value = value[field] ?? "";
  }
  return ok(value);
}
