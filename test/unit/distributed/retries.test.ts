// The queue's failure policy with a real redis-server and an in-process worker whose trainer is a
// fake (no training, so it is fast): a crashed attempt is retried with backoff and then counts once;
// a run that failed for a reason that would repeat fails the job at once (no retries) and the
// submitter says why; submitting again re-queues only that point, the finished ones are reported as
// done earlier without training.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listMarkers, parseQueueTarget, startQueueWorker, submitSweep, type ChildOutcome, type RunPointInChild } from '../../../src/core/distributed';
import { loadExperiment } from '../../../src/core/config';
import { runsDirOf } from '../../../src/core/runs';
import { configHash, gridPoints } from '../../../src/core/sweep';
import { ensureRedisServer, startRedis } from '../../harness/redis';

const FIXTURE = path.resolve(__dirname, '../../fixtures/distributed/tiny-sweep.seqlab.yaml');
const found = ensureRedisServer();
const skip = 'skip' in found ? found.skip : false;

function hashOfPoint(index: number): string {
  const base = loadExperiment(FIXTURE);
  assert.ok(base.ok);
  const p = gridPoints(base.config.sweep)[index - 1];
  assert.ok(p);
  const loaded = loadExperiment(FIXTURE, { overrides: p.overrides });
  assert.ok(loaded.ok);
  return configHash(loaded.config);
}

test('crashes are retried, repeatable failures are not, and a resubmission re-queues only the failed point', { skip, timeout: 90_000 }, async () => {
  const redis = await startRedis((found as { bin: string }).bin);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-retries-'));
  const t = parseQueueTarget(redis.url);
  assert.ok(t.ok);
  const crashing = hashOfPoint(1);
  const failing = hashOfPoint(2);
  const attempts = new Map<string, number>();
  let nanFixed = false;
  const fake: RunPointInChild = async (req) => {
    const hash = path.basename(req.file, '.seqlab.yaml');
    const n = (attempts.get(hash) ?? 0) + 1;
    attempts.set(hash, n);
    if (hash === crashing && n === 1) return { status: 'failed', ended: false, error: 'the training worker was killed by SIGSEGV' };
    if (hash === failing && !nanFixed) return { status: 'failed', ended: true, runId: 'nan-run', error: 'loss became NaN at epoch 2' };
    const runId = `fake-${hash}-${n}`;
    const runDir = path.join(runsDirOf(root), runId);
    fs.mkdirSync(runDir, { recursive: true });
    fs.writeFileSync(path.join(runDir, 'meta.json'), JSON.stringify({ runId, status: 'completed' }));
    const summary = { status: 'completed', epochs: 1, steps: 1, final: {}, best: { valLoss: 0.1 }, baseline: {}, expect: [], durationMs: 1 };
    return { status: 'completed', ended: true, runId, runDir, summary } as ChildOutcome;
  };
  const logs: string[] = [];
  const worker = await startQueueWorker({ target: t.target, queueName: 'retries', root, concurrency: 2, runPoint: fake, lockMs: 2000, stalledMs: 1000, log: (l) => logs.push(l) });
  try {
    const first = await submitSweep({ configPath: FIXTURE, target: t.target, queueName: 'retries', pollMs: 300 });
    assert.ok(first.ok);
    const byHash = new Map(first.results.map((r) => [r.hash, r]));
    assert.equal(byHash.get(crashing)?.status, 'completed');
    assert.equal(attempts.get(crashing), 2, 'the crashed attempt was retried once');
    assert.equal(byHash.get(failing)?.status, 'failed');
    assert.match(byHash.get(failing)?.error ?? '', /loss became NaN/);
    assert.equal(attempts.get(failing), 1, 'a repeatable failure is not retried');
    assert.equal(first.results.filter((r) => r.status === 'completed').length, 3);

    nanFixed = true;
    const second = await submitSweep({ configPath: FIXTURE, target: t.target, queueName: 'retries', pollMs: 300 });
    assert.ok(second.ok);
    assert.ok(second.results.every((r) => r.status === 'completed'), JSON.stringify(second.results.map((r) => [r.hash, r.status, r.error])));
    assert.deepEqual(second.results.filter((r) => !r.reused).map((r) => r.hash), [failing], 'only the failed point ran again');
    assert.equal(attempts.get(failing), 2);
    assert.equal(listMarkers(root).length, 4);
    assert.equal(attempts.get(crashing), 2, 'finished points are not trained again');
  } finally {
    await worker.close(true);
    await redis.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('Redis restarted empty in the middle of a point: nothing is lost and nothing trains twice', { skip, timeout: 90_000 }, async () => {
  const bin = (found as { bin: string }).bin;
  let redis = await startRedis(bin);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-restart-'));
  const t = parseQueueTarget(redis.url);
  assert.ok(t.ok);
  const slow = hashOfPoint(1);
  const trained = new Map<string, number>();
  let startedSlow!: () => void;
  const slowStarted = new Promise<void>((r) => (startedSlow = r));
  let releaseSlow!: () => void;
  const slowReleased = new Promise<void>((r) => (releaseSlow = r));
  const fake: RunPointInChild = async (req) => {
    const hash = path.basename(req.file, '.seqlab.yaml');
    trained.set(hash, (trained.get(hash) ?? 0) + 1);
    if (hash === slow) {
      startedSlow();
      await slowReleased; // Redis goes away and comes back empty while this point "trains"
    }
    const runId = `fake-${hash}-${trained.get(hash)}`;
    const runDir = path.join(runsDirOf(root), runId);
    fs.mkdirSync(runDir, { recursive: true });
    fs.writeFileSync(path.join(runDir, 'meta.json'), JSON.stringify({ runId, status: 'completed' }));
    return { status: 'completed', ended: true, runId, runDir, summary: { status: 'completed', epochs: 1, steps: 1, final: {}, best: { valLoss: 0.2 }, baseline: {}, expect: [], durationMs: 1 } } as ChildOutcome;
  };
  const logs: string[] = [];
  const worker = await startQueueWorker({ target: t.target, queueName: 'restart', root, concurrency: 1, runPoint: fake, lockMs: 2000, stalledMs: 1000, log: (l) => logs.push(l) });
  try {
    const submitted = submitSweep({ configPath: FIXTURE, target: t.target, queueName: 'restart', pollMs: 300, log: (l) => logs.push(l) });
    await slowStarted;
    await redis.stop();
    redis = await startRedis(bin, [], redis.port);
    releaseSlow();
    const result = await submitted;
    assert.ok(result.ok);
    assert.deepEqual(result.results.map((r) => r.status), ['completed', 'completed', 'completed', 'completed'], logs.join('\n'));
    assert.ok([...trained.values()].every((n) => n === 1), `each point trained once: ${JSON.stringify([...trained])}`);
    assert.equal(trained.size, 4);
    assert.equal(listMarkers(root).length, 4);
  } finally {
    await worker.close(true);
    await redis.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
