import { Command } from "commander";
import { formatConfigProblem } from "../config/config-problem.js";
import { createLogger } from "../create-logger.js";
import { startDaemon } from "../start-daemon.js";
import { loadSetup } from "./load-setup.js";

const EXIT_RUNTIME_FAILURE = 1;
const EXIT_INVALID_CONFIG = 2;

/** `orbtd start [--config FILE]`: runs until SIGTERM or SIGINT, then stops gracefully and exits 0. */
export function startCommand(): Command {
  return new Command("start")
    .description("run the daemon (with no --config: the embedded default, SQLite under ./data)")
    .option("--config <file>", "config file (YAML)")
    .action(async (options: { config?: string }) => {
      const loaded = await loadSetup(options.config);
      if (!loaded.ok) {
        for (const problem of loaded.error) process.stderr.write(`${formatConfigProblem(problem)}\n`);
        process.exitCode = EXIT_INVALID_CONFIG;
        return;
      }
      const log = createLogger();
      let daemon: Awaited<ReturnType<typeof startDaemon>>;
      try {
        daemon = await startDaemon(loaded.value, log);
      } catch (err) {
        log.fatal({ err }, "orbtd could not start");
        log.flush();
        process.exitCode = EXIT_RUNTIME_FAILURE;
        return;
      }
      // Ends at once, no grace: another node leads now, and this one must not act any more.
      void daemon.failed.then((err) => {
        log.fatal({ err }, "orbtd stops: it cannot go on");
        log.flush();
        process.exit(EXIT_RUNTIME_FAILURE);
      });
      let isStopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (isStopping) return;
        isStopping = true;
        log.info({ signal, graceMs: loaded.value.config.shutdownGraceMs }, "stopping");
        daemon.stop(loaded.value.config.shutdownGraceMs).then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, "unclean stop");
            process.exit(EXIT_RUNTIME_FAILURE);
          },
        );
      };
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
    });
}
