import type { CliIO } from '../io';

/** Placeholder until its issue lands; replaced by the real command. */
export async function runsCommand(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('seqlab runs: not implemented yet\n');
  return 1;
}
