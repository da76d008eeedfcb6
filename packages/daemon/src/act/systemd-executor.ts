import { type CommandAction, commandExecutor } from "./exec-executor.js";

/** systemctl talks to the system bus; it needs nothing of the daemon's environment. */
export const systemdExecutor = commandExecutor("systemd");

/** `systemctl restart <unit>`. */
export function systemctlRestart(unit: string): CommandAction<"systemd"> {
  return { kind: "systemd", argv: ["systemctl", "restart", unit] };
}
