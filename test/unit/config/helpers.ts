/** Shared bits of the config tests: fixture paths, an in-process CLI, temp folders. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';

export const repoRoot = path.resolve(__dirname, '../../..');
export const fixtures = path.join(repoRoot, 'test/fixtures/config');
export const fixture = (rel: string): string => path.join(fixtures, rel);

/** Runs `seqlab ...` in-process from `cwd`; returns exit code and captured output. */
export async function cli(argv: string[], cwd = repoRoot): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    isTTY: false,
    env: {},
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A temp folder with the given files; removed by the returned cleanup. */
export function tempFiles(files: Record<string, string>): { dir: string; file: (rel: string) => string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-config-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return { dir, file: (rel) => path.join(dir, rel), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
