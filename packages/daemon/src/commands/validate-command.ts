import { Command } from "commander";
import { formatConfigProblem } from "../config/config-problem.js";
import { loadSetup } from "./load-setup.js";

export type CommandIo = {
  readonly writeOut: (line: string) => void;
  readonly writeErr: (line: string) => void;
  readonly setExitCode: (code: number) => void;
};

const PROCESS_IO: CommandIo = {
  writeOut: (line) => process.stdout.write(`${line}\n`),
  writeErr: (line) => process.stderr.write(`${line}\n`),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

const EXIT_INVALID_CONFIG = 2;

/** `orbtd validate --config <file>`: checks the config and its rule files; exit 0 and `ok: <file>`, or exit 2 and one stderr line per problem. */
export function validateCommand(io: CommandIo = PROCESS_IO): Command {
  return new Command("validate")
    .description("check a config file and report every problem with its line")
    .requiredOption("--config <file>", "config file to check")
    .action(async (options: { config: string }) => {
      const loaded = await loadSetup(options.config);
      if (loaded.ok) {
        io.writeOut(`ok: ${options.config}`);
        io.setExitCode(0);
        return;
      }
      for (const problem of loaded.error) io.writeErr(formatConfigProblem(problem));
      io.setExitCode(EXIT_INVALID_CONFIG);
    });
}
