/**
 * What a CLI command gets: its arguments and where to write. Commands never call process.exit;
 * they return the exit code (0 success, 1 training failed or an expect did not hold, 2 bad config
 * or usage), so tests can drive them in-process.
 */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Working directory for relative paths. */
  cwd: string;
  /** True when stdout is a terminal (progress bars, colour). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;

/** Thrown for bad usage; main prints the message and the command's usage, exit 2. */
export class UsageError extends Error {}
