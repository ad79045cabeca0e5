// Shared set-up of the teams tests: temp folders, a tiny experiment that trains in a second or two,
// and a writable copy of the kept format-1 run folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/io';

export const FIXTURE_DIR = path.resolve(__dirname, '../../fixtures/runs/format-1');
export const FIXTURE_RUN_ID = '20261125-191852-format-fixture-a501';

export const TINY = `name: tiny
seed: 4
backend: cpu
data: {kind: adding, window: 6, size: 48}
model: {type: gru, layers: [{units: 4}]}
training: {epochs: 2, batchSize: 16, optimizer: {name: adam, learningRate: 0.01}, kernel: tfjs}
samples: {every: 1, count: 1}
expect:
  valLoss: {below: 10}
`;

export interface Temp {
  dir: string;
  cleanup: () => void;
}

export function tempDir(prefix = 'seqlab-teams-'): Temp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `name` with `text` into dir and returns its path. */
export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** A copy of the format-1 run folder in dir (returns the run folder). */
export function copyFixtureRun(dir: string): string {
  const to = path.join(dir, FIXTURE_RUN_ID);
  fs.cpSync(path.join(FIXTURE_DIR, FIXTURE_RUN_ID), to, { recursive: true });
  return to;
}

export function editJson(file: string, edit: (v: Record<string, unknown>) => void): void {
  const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(v);
  fs.writeFileSync(file, JSON.stringify(v, null, 2));
}

export function memoryIO(cwd: string): CliIO & { out: string[]; err: string[]; text: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd, isTTY: false, env: {}, text: () => out.join('') };
}

const CLI = path.resolve(__dirname, '../../../src/cli/main.ts');

/**
 * `seqlab ARGS --runs-dir runsDir` in a fresh child process (a fresh kernel choice), with
 * SEQLAB_RELAXED_SIMD taken out of the environment unless `extra` sets it. Asserts exit 0; stdout.
 */
export function runCliChild(args: string[], runsDir: string, extra: NodeJS.ProcessEnv = {}): string {
  const { SEQLAB_RELAXED_SIMD: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args, '--runs-dir', runsDir], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout;
}

/** TINY on the wasm backend with the given kernel choice. */
export function tinyOnWasm(kernel: 'auto' | 'fused'): string {
  return TINY.replace('backend: cpu', 'backend: wasm').replace('kernel: tfjs', `kernel: ${kernel}`);
}
