import type { CommandIo } from "../../src/commands/command-io.js";

export type Recorded = { out: string[]; err: string[]; exitCode: number | undefined };

/** A command's output lines and exit code, kept instead of written. */
export function recordingIo(): CommandIo & { readonly recorded: Recorded } {
  const recorded: Recorded = { out: [], err: [], exitCode: undefined };
  return {
    recorded,
    writeOut: (line) => recorded.out.push(line),
    writeErr: (line) => recorded.err.push(line),
    setExitCode: (code) => {
      recorded.exitCode = code;
    },
  };
}
