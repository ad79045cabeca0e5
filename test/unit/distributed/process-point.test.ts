// processPoint without Redis: the exactly-once rules (O_EXCL marker, duplicates, reuse), which
// failures are retried, the hash check; plus the queue URL parser and the one-line Redis errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadExperiment } from '../../../src/core/config';
import {
  PermanentPointError,
  describeRedisError,
  listMarkers,
  parseQueueTarget,
  processPoint,
  readMarker,
  type ChildOutcome,
  type PointJobData,
  type RunPointInChild,
} from '../../../src/core/distributed';
import { runsDirOf } from '../../../src/core/runs';
import { configHash, gridPoints } from '../../../src/core/sweep';

const FIXTURE = path.resolve(__dirname, '../../fixtures/distributed/tiny-sweep.seqlab.yaml');

function jobFor(index: number): PointJobData {
  const base = loadExperiment(FIXTURE);
  assert.ok(base.ok);
  const point = gridPoints(base.config.sweep)[index - 1];
  assert.ok(point);
  const loaded = loadExperiment(FIXTURE, { overrides: point.overrides });
  assert.ok(loaded.ok);
  return { hash: configHash(loaded.config), sweepId: 'tiny-test', index, values: point.values, label: point.label, resolvedYaml: loaded.resolvedYaml, version: 'test', submittedAt: new Date().toISOString() };
}

function tempRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-dist-'));
}

/** A fake trainer: writes a completed run folder (meta + summary) and reports it, after `delayMs`. */
function fakeTrainer(root: string, opts: { delayMs?: number; outcome?: Partial<ChildOutcome> } = {}): RunPointInChild & { calls: string[] } {
  const calls: string[] = [];
  let n = 0;
  const run = (async (req) => {
    calls.push(req.file);
    const runId = `run-${process.pid}-${++n}-${Math.random().toString(36).slice(2, 6)}`;
    const runDir = path.join(runsDirOf(root), runId);
    fs.mkdirSync(runDir, { recursive: true });
    fs.writeFileSync(path.join(runDir, 'meta.json'), JSON.stringify({ runId, status: 'completed' }));
    const summary = { status: 'completed', epochs: 1, steps: 1, final: {}, best: { valLoss: 0.5 }, baseline: {}, expect: [], durationMs: 1 };
    fs.writeFileSync(path.join(runDir, 'summary.json'), JSON.stringify(summary));
    req.onEvent({ type: 'log', level: 'info', message: 'fake' });
    await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
    return { status: 'completed', ended: true, runId, runDir, summary, ...opts.outcome } as ChildOutcome;
  }) as RunPointInChild & { calls: string[] };
  run.calls = calls;
  return run;
}

const metaOf = (root: string, runId: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(runsDirOf(root), runId, 'meta.json'), 'utf8'));

test('the first finisher claims the point and tags its run; a later delivery trains nothing', async () => {
  const root = tempRoot();
  try {
    const job = jobFor(2);
    const train = fakeTrainer(root);
    const first = await processPoint(job, { root, runPoint: train });
    assert.equal(first.status, 'completed');
    assert.equal(first.reused, undefined);
    assert.equal(readMarker(root, job.hash)?.runId, first.runId);
    assert.deepEqual((metaOf(root, first.runId).sweep as { point: string }).point, job.hash);
    // The job config the trainer got is the resolved YAML, under the runs root.
    assert.equal(fs.readFileSync(train.calls[0] as string, 'utf8'), job.resolvedYaml);

    const again = await processPoint(job, { root, runPoint: train });
    assert.equal(train.calls.length, 1, 'a delivered-again point must not train again');
    assert.equal(again.reused, true);
    assert.equal(again.runId, first.runId);
    assert.equal(again.summary?.best.valLoss, 0.5);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('two finishers of one point: exactly one counts, the other run is marked a duplicate', async () => {
  const root = tempRoot();
  try {
    const job = jobFor(3);
    const [a, b] = await Promise.all([
      processPoint(job, { root, runPoint: fakeTrainer(root, { delayMs: 30 }) }),
      processPoint(job, { root, runPoint: fakeTrainer(root, { delayMs: 30 }) }),
    ]);
    assert.ok(a && b);
    assert.equal(a.runId, b.runId, 'both report the run that counts');
    const dupId = a.duplicateRunId ?? b.duplicateRunId;
    assert.ok(dupId, 'one of them discarded its own run');
    assert.equal(Boolean(a.duplicateRunId) !== Boolean(b.duplicateRunId), true);
    assert.deepEqual(metaOf(root, dupId).duplicateOf, { point: job.hash, runId: a.runId });
    assert.equal(metaOf(root, dupId).sweep, undefined, 'a duplicate carries no sweep tag');
    assert.equal((metaOf(root, a.runId).sweep as { point: string }).point, job.hash);
    assert.equal(listMarkers(root).length, 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('failures: a run that ended failed is permanent, a crash is retried, a hash mismatch is permanent; none claims the point', async () => {
  const root = tempRoot();
  try {
    const job = jobFor(1);
    await assert.rejects(
      processPoint(job, { root, runPoint: fakeTrainer(root, { outcome: { status: 'failed', ended: true, error: 'loss is NaN' } }) }),
      (e: Error) => e instanceof PermanentPointError && /loss is NaN/.test(e.message),
    );
    await assert.rejects(
      processPoint(job, { root, runPoint: fakeTrainer(root, { outcome: { status: 'failed', ended: false, error: 'killed by SIGKILL' } }) }),
      (e: Error) => !(e instanceof PermanentPointError) && /SIGKILL/.test(e.message),
    );
    await assert.rejects(
      processPoint({ ...job, hash: '0000000000000000' }, { root, runPoint: fakeTrainer(root) }),
      (e: Error) => e instanceof PermanentPointError && /same Sequence Lab version/.test(e.message),
    );
    assert.equal(listMarkers(root).length, 0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('queue URLs: host, port, db and TLS; bad ones say why', () => {
  const a = parseQueueTarget('redis://10.0.0.5:6380/2');
  assert.ok(a.ok);
  assert.deepEqual([a.target.host, a.target.port, a.target.db, a.target.tls, a.target.display], ['10.0.0.5', 6380, 2, false, '10.0.0.5:6380/2']);
  const b = parseQueueTarget('rediss://:s3cret@cache.example:6379');
  assert.ok(b.ok);
  assert.equal(b.target.password, 's3cret');
  assert.equal(b.target.tls, true);
  assert.ok(!b.target.display.includes('s3cret'), 'the password is never printed');
  const c = parseQueueTarget('localhost');
  assert.ok(c.ok);
  assert.equal(c.target.port, 6379);
  const d = parseQueueTarget('http://x:1');
  assert.ok(!d.ok && /redis:\/\//.test(d.message));
});

test('Redis connection errors are one line naming host, port and what to do', () => {
  const t = parseQueueTarget('redis://127.0.0.1:6390');
  assert.ok(t.ok);
  const refused = describeRedisError(t.target, Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' }));
  assert.match(refused, /127\.0\.0\.1:6390/);
  assert.match(refused, /Start redis-server/);
  assert.ok(!refused.includes('\n'));
  assert.match(describeRedisError(t.target, new Error('WRONGPASS invalid username-password pair')), /credentials/);
});
