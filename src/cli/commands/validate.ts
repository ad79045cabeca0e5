import type { CliIO } from '../io';

/** Placeholder until its issue lands; replaced by the real command. */
export async function validateCommand(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('seqlab validate: not implemented yet\n');
  return 1;
}
