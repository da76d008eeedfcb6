import { Command, CommanderError } from "commander";
import { automationCommand } from "./commands/automation-command.js";
import { drillCommand } from "./commands/drill-command.js";
import { knowledgeCommand } from "./commands/knowledge-command.js";
import { queryCommand } from "./commands/query-command.js";
import { readinessCommand } from "./commands/readiness-command.js";
import { replayCommand } from "./commands/replay-command.js";
import { reportCommand } from "./commands/report-command.js";
import { restoreCommand } from "./commands/restore-command.js";
import { startCommand } from "./commands/start-command.js";
import { testCommand } from "./commands/test-command.js";
import { validateCommand } from "./commands/validate-command.js";

const EXIT_USAGE = 2;

function withUsageExitCode(command: Command): Command {
  command.exitOverride();
  for (const sub of command.commands) withUsageExitCode(sub);
  return command;
}

const program = new Command("orbtd")
  .description("Orbt: monitoring and auto-remediation daemon")
  .addCommand(startCommand())
  .addCommand(validateCommand())
  .addCommand(queryCommand())
  .addCommand(testCommand())
  .addCommand(replayCommand())
  .addCommand(restoreCommand())
  .addCommand(readinessCommand())
  .addCommand(automationCommand("pause"))
  .addCommand(automationCommand("resume"))
  .addCommand(knowledgeCommand())
  .addCommand(reportCommand())
  .addCommand(drillCommand());

try {
  await withUsageExitCode(program).parseAsync();
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  const isInformational =
    err.code === "commander.helpDisplayed" ||
    err.code === "commander.version" ||
    err.code === "commander.help";
  process.exitCode = isInformational ? 0 : EXIT_USAGE;
}
