import { Command } from "commander";
import { runRuleTestFile } from "../signals/rules/run-rule-test-file.js";
import { type CommandIo, PROCESS_IO } from "./command-io.js";

// promtool's codes: 0 when every file passed, 1 when any test failed or a file could not be read.
const EXIT_SUCCESS = 0;
const EXIT_FAILURE = 1;

/** `orbtd test rules FILE...`: promtool's rule unit tests, with its output and exit codes. */
export function testCommand(io: CommandIo = PROCESS_IO): Command {
  const rules = new Command("rules")
    .description("run rule unit-test files in promtool's format")
    .argument("<file...>", "unit-test files")
    .action(async (files: string[]) => {
      let hasFailed = false;
      for (const file of files) {
        io.writeOut(`Unit Testing:  ${file}`);
        const report = await runRuleTestFile(file);
        if (report.errors.length > 0) {
          hasFailed = true;
          io.writeErr("  FAILED:");
          for (const error of report.errors) {
            io.writeErr(error);
            io.writeOut("");
          }
        } else {
          io.writeOut("  SUCCESS");
        }
        io.writeOut("");
      }
      io.setExitCode(hasFailed ? EXIT_FAILURE : EXIT_SUCCESS);
    });
  return new Command("test").description("unit-test configuration").addCommand(rules);
}
