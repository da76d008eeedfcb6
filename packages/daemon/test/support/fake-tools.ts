import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** One run of a fake tool: the argv it was given and the environment it saw. */
export type ToolCall = {
  readonly tool: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
};

export type FakeTools = {
  readonly dir: string;
  /** `dir` ahead of the current PATH, for a daemon (or a test) to find the fakes first. */
  readonly path: string;
  /** Every run of any fake, in order. */
  calls(): Promise<ToolCall[]>;
  /** The replicas the fake kubectl reports, as `kubectl get ... -o jsonpath={.spec.replicas}` prints them. */
  setReplicas(count: number): Promise<void>;
  readReplicas(): Promise<number>;
  /** The exit code every fake ends with from now on. */
  setExitCode(code: number): Promise<void>;
};

/**
 * The script of one fake: appends its argv and environment to calls.jsonl, behaves like kubectl's get and
 * scale on a replicas file, optionally POSTs to `onRunUrl` (a flaky service's heal hook), and exits with
 * the code in exit-code.
 */
function fakeScript(tool: string, dir: string, onRunUrl: string | undefined): string {
  return `#!${process.execPath}
const { appendFileSync, existsSync, readFileSync, writeFileSync } = require("node:fs");
const dir = ${JSON.stringify(dir)};
const argv = process.argv.slice(2);
appendFileSync(dir + "/calls.jsonl", JSON.stringify({ tool: ${JSON.stringify(tool)}, argv, env: process.env }) + "\\n");
if (${JSON.stringify(tool)} === "kubectl" && argv[0] === "get") process.stdout.write(readFileSync(dir + "/replicas", "utf8"));
const replicas = argv.find((arg) => arg.startsWith("--replicas="));
if (${JSON.stringify(tool)} === "kubectl" && argv[0] === "scale" && replicas) writeFileSync(dir + "/replicas", replicas.slice(11));
const exit = () => process.exit(Number(existsSync(dir + "/exit-code") ? readFileSync(dir + "/exit-code", "utf8") : "0"));
${onRunUrl === undefined ? "exit();" : `fetch(${JSON.stringify(onRunUrl)}, { method: "POST" }).then(exit, exit);`}
`;
}

/** Fake systemctl, docker and kubectl in a fresh temp dir, each recording how it was run. */
export async function installFakeTools(options: { readonly onRunUrl?: string } = {}): Promise<FakeTools> {
  const dir = await mkdtemp(join(tmpdir(), "orbt-fake-tools-"));
  await writeFile(join(dir, "replicas"), "2");
  for (const tool of ["systemctl", "docker", "kubectl"]) {
    const file = join(dir, tool);
    await writeFile(file, fakeScript(tool, dir, options.onRunUrl));
    await chmod(file, 0o755);
  }
  return {
    dir,
    path: `${dir}${delimiter}${process.env.PATH ?? ""}`,
    calls: async () => {
      const text = await readFile(join(dir, "calls.jsonl"), "utf8").catch(() => "");
      return text
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as ToolCall);
    },
    setReplicas: (count) => writeFile(join(dir, "replicas"), String(count)),
    readReplicas: async () => Number(await readFile(join(dir, "replicas"), "utf8")),
    setExitCode: (code) => writeFile(join(dir, "exit-code"), String(code)),
  };
}
