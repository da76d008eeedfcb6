/** Where a command writes and how it exits: the process's, or a test's. */
export type CommandIo = {
  readonly writeOut: (line: string) => void;
  readonly writeErr: (line: string) => void;
  readonly setExitCode: (code: number) => void;
};

export const PROCESS_IO: CommandIo = {
  writeOut: (line) => process.stdout.write(`${line}\n`),
  writeErr: (line) => process.stderr.write(`${line}\n`),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};
