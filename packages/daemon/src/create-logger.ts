import { pino } from "pino";

export type Logger = pino.Logger;

export type LoggerOptions = {
  readonly level?: string;
  /** Human-readable lines for a person at a terminal; JSON lines otherwise. */
  readonly isPretty?: boolean;
  readonly destination?: pino.DestinationStream;
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.ORBT_LOG_LEVEL ?? "info";
  if (options.destination !== undefined) return pino({ level, base: { app: "orbtd" } }, options.destination);
  if (options.isPretty ?? process.stdout.isTTY) {
    return pino({ level, transport: { target: "pino-pretty", options: { colorize: true } } });
  }
  return pino({ level, base: { app: "orbtd" } });
}
