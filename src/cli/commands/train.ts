import type { CliIO } from '../io';

/** Placeholder until its issue lands; replaced by the real command. */
export async function trainCommand(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('seqlab train: not implemented yet\n');
  return 1;
}
