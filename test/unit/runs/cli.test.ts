import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { RunRecorder } from '../../../src/core/runs';
import { SYNTHETIC_YAML, syntheticEvents } from '../../fixtures/runs/synthetic';
import { tempDir } from './tmp';

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, isTTY: false, env: {} };
  const code = await main(argv, io);
  return { code, out, err };
}

/** A project folder with one completed and one failed run; the experiment file lives in a subfolder. */
function project(): { dir: string; yaml: string; done: RunRecorder; failed: RunRecorder } {
  const dir = tempDir('cli');
  fs.mkdirSync(path.join(dir, '.git'));
  const yaml = path.join(dir, 'exp', 'sine.seqlab.yaml');
  fs.mkdirSync(path.dirname(yaml));
  fs.writeFileSync(yaml, SYNTHETIC_YAML);
  const make = (status: 'completed' | 'failed', at: string): RunRecorder => {
    const rec = RunRecorder.create({ root: dir, experiment: 'sine-next-value', configPath: yaml, resolvedYaml: SYNTHETIC_YAML, seed: 42, heartbeatMs: 0, now: () => new Date(at) });
    for (const ev of syntheticEvents(rec.runId, rec.runDir, status)) rec.onEvent(ev);
    return rec;
  };
  const done = make('completed', '2026-11-25T16:15:02Z');
  const failed = make('failed', '2026-11-25T17:00:00Z');
  return { dir, yaml, done, failed };
}

test('runs list: a table newest first, found from the experiment file, a folder, the cwd or --runs-dir', async () => {
  const p = project();
  const viaFile = await cli(['runs', 'list', p.yaml], '/');
  assert.equal(viaFile.code, 0, viaFile.err);
  const lines = viaFile.out.split('\n');
  const header = lines.findIndex((l) => l.startsWith('ID'));
  assert.match(lines[header] ?? '', /^ID\s+EXPERIMENT\s+STATUS\s+STARTED \(UTC\)\s+BEST valLoss\s+SIZE$/);
  assert.match(lines[header + 1] ?? '', new RegExp(`^${p.failed.runId}\\s+sine-next-value\\s+failed\\s+2026-11-25 17:00:00\\s+0\\.05\\s+\\d`));
  assert.match(lines[header + 2] ?? '', new RegExp(`^${p.done.runId}\\s+sine-next-value\\s+completed\\s+2026-11-25 16:15:02`));
  assert.match(viaFile.out, /2 runs\./);
  for (const [argv, cwd] of [
    [['runs', 'list'], path.join(p.dir, 'exp')],
    [['runs', 'list', 'exp'], p.dir],
    [['runs', 'list', '.seqlab/runs'], p.dir],
    [['runs', 'list', '--runs-dir', p.dir], '/'],
    [['runs'], p.dir],
  ] as Array<[string[], string]>) {
    const r = await cli(argv, cwd);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
    assert.ok(r.out.includes(p.done.runId) && r.out.includes(p.failed.runId), `${argv.join(' ')} in ${cwd}:\n${r.out}`);
  }
});

test('runs list --json prints JSON only; an empty root says how to make a run', async () => {
  const p = project();
  const r = await cli(['runs', 'list', '--json', p.yaml], '/');
  assert.equal(r.code, 0);
  const parsed = JSON.parse(r.out) as { root: string; runs: Array<{ runId: string; status: string; best?: { valLoss?: number }; diskBytes: number }> };
  assert.equal(parsed.root, p.dir);
  assert.deepEqual(parsed.runs.map((e) => e.runId), [p.failed.runId, p.done.runId]);
  assert.equal(parsed.runs[1]?.status, 'completed');
  assert.equal(parsed.runs[1]?.best?.valLoss, 0.05);
  const empty = tempDir('cli-empty');
  const e = await cli(['runs', 'list', '--runs-dir', empty], '/');
  assert.equal(e.code, 0);
  assert.match(e.out, /No runs in .*\.seqlab[\\/]runs\.\nTrain one with: seqlab train/);
  assert.deepEqual(JSON.parse((await cli(['runs', 'list', '--json', '--runs-dir', empty], '/')).out).runs, []);
});

test('runs show: meta, backend and why, summary metrics, files, error', async () => {
  const p = project();
  const r = await cli(['runs', 'show', p.failed.runId.slice(0, 22)], p.dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`^Run ${p.failed.runId}\n  status      failed\n`));
  assert.match(r.out, /backend\s+cpu \(asked for auto\), tfjs 4\.22\.0\n\s+not used: tensorflow: @tensorflow\/tfjs-node is not installed\n\s+not used: wasm: SIMD not supported/);
  assert.match(r.out, /kernel\s+tfjs \(asked for auto\): fused kernel not built/);
  assert.match(r.out, /data\s+sine, regression: 80 train \/ 20 val examples, 10 steps × 1 features → 1/);
  assert.match(r.out, /progress\s+epoch 2\/2, step 6 \(6 step and 2 epoch records\)/);
  assert.match(r.out, /Error\n  loss became NaN\n  fix: lower training\.optimizer\.learningRate/);
  assert.match(r.out, /Summary \(2 epochs, 6 steps, 30 ms\)\n\s+metric\s+final\s+best \(epoch 2\)\s+baseline\n\s+loss\s+0\.1667\s+-\s+-\n\s+valLoss\s+0\.05\s+0\.05\s+0\.05/);
  assert.match(r.out, /Files\n  config\.yaml\s+\d+ B\n  gradients\.jsonl/);
  assert.doesNotMatch(r.out, /Warnings/);
});

test('runs show --json, by `latest` and by path; warnings of a damaged run are shown', async () => {
  const p = project();
  const j = await cli(['runs', 'show', 'latest', '--json'], p.dir);
  assert.equal(j.code, 0, j.err);
  const parsed = JSON.parse(j.out) as { runId: string; status: string; meta: { backend: { reasons: string[] } }; counts: { steps: number }; files: Array<{ name: string }> };
  assert.equal(parsed.runId, p.failed.runId);
  assert.equal(parsed.status, 'failed');
  assert.equal(parsed.counts.steps, 6);
  assert.equal(parsed.meta.backend.reasons.length, 2);
  assert.ok(parsed.files.some((f) => f.name === 'metrics.jsonl'));

  fs.appendFileSync(path.join(p.done.runDir, 'metrics.jsonl'), '{"type":"step","ep');
  const byPath = await cli(['runs', 'show', path.relative(p.dir, p.done.runDir)], p.dir);
  assert.equal(byPath.code, 0, byPath.err);
  assert.match(byPath.out, /Warnings\n  - metrics\.jsonl: ignored a partial last line/);
});

test('runs show with an unknown id: a clear message listing close ids, exit 2', async () => {
  const p = project();
  const typo = p.done.runId.replace(/sine-next-value/, 'sine-nxt-value');
  const r = await cli(['runs', 'show', typo], p.dir);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, new RegExp(`no run '${typo}' in .*runs\\. Close ids:\\n  ${p.done.runId}`));
  const none = await cli(['runs', 'show', 'zzz', '--runs-dir', tempDir('cli-none')], '/');
  assert.equal(none.code, 2);
  assert.match(none.err, /there are no runs in/);
  const amb = await cli(['runs', 'show', '2026'], p.dir);
  assert.equal(amb.code, 2);
  assert.match(amb.err, /matches 2 runs/);
});

test('usage errors exit 2 with the usage line', async () => {
  const p = project();
  for (const argv of [['runs', 'show'], ['runs', 'frobnicate'], ['runs', 'list', '--bogus'], ['runs', 'list', 'no/such/dir']]) {
    const r = await cli(argv, p.dir);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /Usage: seqlab runs/, argv.join(' '));
  }
});
