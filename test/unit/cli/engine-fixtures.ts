/** Temp folders holding a copy of the tiny experiment, for tests that create run folders. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/io';

export const TINY = path.resolve(__dirname, '../../fixtures/engine/tiny.seqlab.yaml');

/** A temp dir with tiny.seqlab.yaml (plus extra YAML appended) and a `.seqlab/` so runs land inside. */
export function tempExperiment(extraYaml = ''): { dir: string; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-engine-'));
  fs.mkdirSync(path.join(dir, '.seqlab'));
  const file = path.join(dir, 'tiny.seqlab.yaml');
  fs.writeFileSync(file, fs.readFileSync(TINY, 'utf8') + extraYaml);
  return { dir, file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function captureIO(cwd: string, isTTY = false): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd,
    isTTY,
    env: {},
    out: () => out,
    err: () => err,
  };
}
