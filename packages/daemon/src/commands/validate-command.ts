import { Command } from "commander";
import { formatConfigProblem } from "../config/config-problem.js";
import { type CommandIo, PROCESS_IO } from "./command-io.js";
import { loadSetup } from "./load-setup.js";

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
