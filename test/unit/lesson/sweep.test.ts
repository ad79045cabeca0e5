import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { completedPoints, gridPoints, randomPoints, runSweep } from '../../../src/core/sweep';
import { sweepCommand } from '../../../src/cli/commands/sweep';
import { runPointInProcess } from '../../../src/core/sweep/run-point-in-process';
import type { CliIO } from '../../../src/cli/io';

/** A tiny adding experiment: window 1 is too short for the task (a DataError: that point fails), 4 trains. */
const TINY = `name: tiny-sweep
seed: 1
backend: cpu
data: {kind: adding, window: 4, size: 200}
model: {type: rnn, layers: [{units: 4}]}
training: {epochs: 1, batchSize: 50}
samples: {every: 1, count: 1}
sweep:
  data.window: [1, 4]
`;

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-sweep-'));
}

function io(cwd: string): CliIO & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), cwd, isTTY: false, env: {} };
}

test('gridPoints: every combination, first key outermost, as --set overrides; randomPoints is a seeded subset', () => {
  const g = gridPoints({ 'model.type': ['rnn', 'lstm'], 'training.clipNorm': [null, 1] });
  assert.deepEqual(g.map((p) => p.label), [
    'model.type=rnn training.clipNorm=null',
    'model.type=rnn training.clipNorm=1',
    'model.type=lstm training.clipNorm=null',
    'model.type=lstm training.clipNorm=1',
  ]);
  assert.deepEqual(gridPoints(undefined).map((p) => p.overrides), [[]]);
  const big = gridPoints({ a: [1, 2, 3, 4, 5], b: [1, 2, 3, 4] });
  const r1 = randomPoints(big, 5, 42);
  assert.equal(r1.length, 5);
  assert.equal(new Set(r1.map((p) => p.index)).size, 5);
  assert.deepEqual(randomPoints(big, 5, 42), r1);
  assert.notDeepEqual(randomPoints(big, 5, 43).map((p) => p.index), r1.map((p) => p.index));
});

test('a failed point does not stop the rest; a rerun skips completed points and retries failed ones', async () => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, 'tiny.seqlab.yaml');
    fs.writeFileSync(file, TINY);
    const first = await runSweep({ configPath: file, runsDir: dir, runPoint: runPointInProcess });
    assert.ok(first.ok);
    assert.deepEqual(first.results.map((r) => r.status), ['failed', 'completed']);
    assert.match(first.results[0]?.error ?? '', /at least 2 time steps/);
    // Both runs are ordinary run folders tagged with the sweep id and their point's hash.
    for (const r of first.results) {
      const meta = JSON.parse(fs.readFileSync(path.join(r.runDir as string, 'meta.json'), 'utf8'));
      assert.equal(meta.sweep.id, first.sweepId);
      assert.equal(meta.sweep.point, r.hash);
    }
    assert.notEqual(first.results[0]?.hash, first.results[1]?.hash);
    assert.deepEqual([...completedPoints(dir).keys()], [first.results[1]?.hash]);

    const second = await runSweep({ configPath: file, runsDir: dir, runPoint: runPointInProcess });
    assert.ok(second.ok);
    assert.equal(second.sweepId, first.sweepId);
    assert.deepEqual(second.results.map((r) => r.status), ['failed', 'skipped']);
    assert.equal(second.results[1]?.runId, first.results[1]?.runId);
    assert.notEqual(second.results[0]?.runId, first.results[0]?.runId);

    // Another value of a setting outside the sweep is another point: nothing is skipped.
    const third = await runSweep({ configPath: file, runsDir: dir, runPoint: runPointInProcess, overrides: ['training.batchSize=40'] });
    assert.ok(third.ok);
    assert.equal(third.results[1]?.status, 'completed');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a point whose runner throws is recorded as failed and the sweep goes on', async () => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, 'tiny.seqlab.yaml');
    fs.writeFileSync(file, TINY.replace('data.window: [1, 4]', 'data.size: [100, 200, 300]'));
    const seen: string[] = [];
    const res = await runSweep({
      configPath: file,
      runsDir: dir,
      runPoint: async (req) => {
        seen.push(req.overrides.join(' '));
        if (req.overrides.includes('data.size=200')) throw new Error('worker crashed');
        return { status: 'completed' };
      },
    });
    assert.ok(res.ok);
    assert.deepEqual(seen, ['data.size=100', 'data.size=200', 'data.size=300']);
    assert.deepEqual(res.results.map((r) => r.status), ['completed', 'failed', 'completed']);
    assert.equal(res.results[1]?.error, 'worker crashed');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('seqlab sweep --parallel 2: child processes, a table, exit 1 because one point failed', async () => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, 'tiny.seqlab.yaml');
    fs.writeFileSync(file, TINY);
    const cli = io(dir);
    const code = await sweepCommand(['tiny.seqlab.yaml', '--parallel', '2', '--runs-dir', dir], cli);
    const text = cli.out.join('');
    assert.equal(code, 1, text);
    assert.match(text, /sweep tiny-sweep-[0-9a-f]{8}: 2 points, 2 at a time/);
    assert.match(text, /#\s+data\.window\s+status/);
    assert.match(text, /\n1\s+1\s+failed/);
    assert.match(text, /\n2\s+4\s+completed/);
    assert.match(text, /1 ok, 1 failed/);
    // The rerun (in process) skips the point the child completed.
    const again = io(dir);
    await sweepCommand(['tiny.seqlab.yaml', '--runs-dir', dir], again);
    assert.match(again.out.join(''), /data\.window=4: skipped, already done/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
