import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listRuns, readRun, resolveRun, RUN_FORMAT_VERSION, RunRecorder, type RunMeta } from '../../../src/core/runs';
import { SYNTHETIC_YAML, syntheticEvents } from '../../fixtures/runs/synthetic';
import { tempDir } from './tmp';

function record(root: string, status: 'completed' | 'failed' = 'completed', experiment = 'sine-next-value'): RunRecorder {
  const rec = RunRecorder.create({ root, experiment, configPath: path.join(root, 'sine.seqlab.yaml'), resolvedYaml: SYNTHETIC_YAML, seed: 42, heartbeatMs: 0 });
  for (const ev of syntheticEvents(rec.runId, rec.runDir, status)) rec.onEvent(ev);
  return rec;
}

test('create writes config.yaml and a running meta.json in <root>/.seqlab/runs/<id>/', () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, '.git/refs/heads'), { recursive: true });
  fs.writeFileSync(path.join(root, '.git/HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(root, '.git/refs/heads/main'), `${'e'.repeat(40)}\n`);
  const rec = RunRecorder.create({ root, experiment: 'Sine next', configPath: path.join(root, 'a.seqlab.yaml'), resolvedYaml: SYNTHETIC_YAML, seed: 7, heartbeatMs: 0 });
  try {
    assert.equal(path.dirname(rec.runDir), path.join(root, '.seqlab', 'runs'));
    assert.match(rec.runId, /^\d{8}-\d{6}-sine-next-[0-9a-f]{4}$/);
    assert.equal(fs.readFileSync(path.join(rec.runDir, 'config.yaml'), 'utf8'), SYNTHETIC_YAML);
    const meta = JSON.parse(fs.readFileSync(path.join(rec.runDir, 'meta.json'), 'utf8')) as RunMeta;
    assert.equal(meta.formatVersion, RUN_FORMAT_VERSION);
    assert.equal(meta.runId, rec.runId);
    assert.equal(meta.experiment, 'Sine next');
    assert.equal(meta.seed, 7);
    assert.equal(meta.status, 'running');
    assert.equal(meta.host, os.hostname());
    assert.equal(meta.pid, process.pid);
    assert.equal(meta.versions.node, process.versions.node);
    assert.match(meta.versions.sequenceLab, /^\d+\.\d+\.\d+/);
    assert.deepEqual(meta.git, { commit: 'e'.repeat(40), branch: 'main' });
    assert.equal(meta.startedAt, meta.heartbeatAt);
  } finally {
    rec.close();
  }
});

test('a synthetic event stream writes every file, and readRun gives it all back', () => {
  const root = tempDir();
  const rec = record(root);
  const events = syntheticEvents(rec.runId, rec.runDir);
  const files = fs.readdirSync(rec.runDir).sort();
  assert.deepEqual(files, ['config.yaml', 'gradients.jsonl', 'hidden.json', 'meta.json', 'metrics.jsonl', 'samples.jsonl', 'summary.json']);

  // metrics.jsonl: the step and epoch records as they are, one per line, in order.
  const lines = fs.readFileSync(path.join(rec.runDir, 'metrics.jsonl'), 'utf8').split('\n');
  assert.equal(lines.pop(), '');
  const expected = events.filter((e) => e.type === 'step' || e.type === 'epoch');
  assert.deepEqual(lines.map((l) => JSON.parse(l)), expected);

  const r = readRun(rec.runDir);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.meta.status, 'completed');
  assert.equal(r.recordedStatus, 'completed');
  assert.ok(r.meta.endedAt);
  assert.equal(r.meta.backend?.name, 'cpu');
  assert.deepEqual(r.meta.backend?.reasons, ['tensorflow: @tensorflow/tfjs-node is not installed', 'wasm: SIMD not supported']);
  assert.equal(r.meta.kernel?.name, 'tfjs');
  assert.equal(r.meta.paramCount, 97);
  assert.equal(r.meta.dataFingerprint, 'sha256:abc123');
  assert.equal(r.meta.data?.trainExamples, 80);
  assert.equal(r.meta.versions.tfjs, '4.22.0');
  assert.equal(r.config, SYNTHETIC_YAML);
  assert.equal(r.steps.length, 6);
  assert.equal(r.epochs.length, 2);
  assert.deepEqual(r.steps[0]?.gradNormByLayer, { lstm_1: 1.5, dense: 0.5 });
  assert.equal(r.gradients.length, 4);
  assert.deepEqual(r.gradients[0]?.cellNorms, [0.3, 0.3, 0.3]);
  assert.equal(r.samples.length, 2);
  assert.equal(r.samples[1]?.kind, 'series');
  assert.equal(r.hidden?.layers[0]?.h.length, 2);
  assert.equal((r.hidden as unknown as Record<string, unknown>).type, undefined, 'hidden.json holds the capture, not the event wrapper');
  assert.equal(r.summary?.best.valLoss, 0.05);
  assert.deepEqual(r.files, files);
});

test('a failed run records its error; events after the end are ignored', () => {
  const root = tempDir();
  const rec = record(root, 'failed');
  rec.onEvent({ type: 'step', epoch: 9, step: 99, loss: 1, gradNorm: 1, gradNormByLayer: {}, clipped: false, lr: 1, samplesPerSec: 1, time: 1 });
  const r = readRun(rec.runDir);
  assert.equal(r.meta.status, 'failed');
  assert.equal(r.meta.error?.message, 'loss became NaN');
  assert.equal(r.steps.length, 6);
});

test('the heartbeat timer rewrites meta.heartbeatAt and does not keep the process alive', async () => {
  const root = tempDir();
  let t = Date.parse('2026-11-25T10:00:00Z');
  const rec = RunRecorder.create({ root, experiment: 'hb', resolvedYaml: '', seed: 1, heartbeatMs: 20, now: () => new Date((t += 1000)) });
  try {
    const first = rec.getMeta().heartbeatAt;
    await new Promise((r) => setTimeout(r, 120));
    const meta = JSON.parse(fs.readFileSync(path.join(rec.runDir, 'meta.json'), 'utf8')) as RunMeta;
    assert.ok(meta.heartbeatAt > first, `${meta.heartbeatAt} > ${first}`);
    assert.equal(rec.heartbeatError, undefined);
  } finally {
    rec.close();
  }
  const after = fs.readFileSync(path.join(rec.runDir, 'meta.json'), 'utf8');
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(fs.readFileSync(path.join(rec.runDir, 'meta.json'), 'utf8'), after, 'close() stops the heartbeat');
});

test('modelDir and artifactsDir are made on demand inside the run', () => {
  const root = tempDir();
  const rec = record(root);
  assert.equal(rec.modelDir(), path.join(rec.runDir, 'model'));
  assert.equal(rec.artifactsDir(), path.join(rec.runDir, 'artifacts'));
  assert.ok(fs.statSync(rec.modelDir()).isDirectory());
  assert.ok(readRun(rec.runDir).files.includes('artifacts/'));
});

test('listRuns: newest first with status, best metric and size; resolveRun by id, prefix, suffix, latest or path', () => {
  const root = tempDir();
  const older = RunRecorder.create({ root, experiment: 'old', resolvedYaml: 'a: 1\n', seed: 1, heartbeatMs: 0, now: () => new Date('2026-01-01T00:00:00Z') });
  older.close();
  const newer = record(root);
  const list = listRuns(root);
  assert.deepEqual(list.map((e) => e.runId), [newer.runId, older.runId]);
  const [n, o] = list;
  assert.equal(n?.status, 'completed');
  assert.equal(n?.best?.valLoss, 0.05);
  assert.ok((n?.diskBytes ?? 0) > 500);
  assert.equal(o?.experiment, 'old');
  assert.equal(o?.status, 'stopped', 'recorded running, but its heartbeat (January) is stale');

  assert.deepEqual(resolveRun(newer.runId, root), { ok: true, runId: newer.runId, runDir: newer.runDir });
  assert.equal((resolveRun('20260101', root) as { runId: string }).runId, older.runId);
  assert.equal((resolveRun(newer.runId.slice(-4), root) as { runId: string }).runId, newer.runId);
  assert.equal((resolveRun('latest', root) as { runId: string }).runId, newer.runId);
  assert.equal((resolveRun(path.relative(root, newer.runDir), undefined, root) as { runId: string }).runId, newer.runId);
  const miss = resolveRun('20260101-000000-olt', root);
  assert.equal(miss.ok, false);
  if (!miss.ok) {
    assert.equal(miss.reason, 'not-found');
    assert.deepEqual(miss.candidates, [older.runId]);
    assert.match(miss.message, /Close ids:/);
  }
  const amb = resolveRun('2026', root);
  assert.equal(amb.ok, false);
  if (!amb.ok) assert.equal(amb.reason, 'ambiguous');
  assert.equal(listRuns(tempDir()).length, 0);
});

test('a run folder without meta.json (killed while being created) still lists and reads, as stopped', () => {
  const root = tempDir();
  const dir = path.join(root, '.seqlab/runs/20260101-000000-born-dead-ab12');
  fs.mkdirSync(dir, { recursive: true });
  const old = new Date(Date.now() - 120_000);
  fs.utimesSync(dir, old, old);
  const r = readRun(dir);
  assert.equal(r.meta.status, 'stopped');
  assert.equal(r.meta.experiment, 'born-dead');
  assert.match(r.warnings.join('\n'), /meta\.json is missing/);
  const [entry] = listRuns(root);
  assert.equal(entry?.damaged, true);
  assert.equal(entry?.status, 'stopped');
});

test('events carry the heartbeat when a blocking loop starves the timer', () => {
  const root = tempDir();
  let t = Date.parse('2026-11-25T10:00:00Z');
  const rec = RunRecorder.create({ root, experiment: 'busy', resolvedYaml: '', seed: 1, heartbeatMs: 5, now: () => new Date((t += 1000)) });
  try {
    const first = rec.getMeta().heartbeatAt;
    const until = Date.now() + 20;
    while (Date.now() < until) {
      // a synchronous training step: the timer cannot fire
    }
    rec.onEvent({ type: 'step', epoch: 1, step: 1, loss: 1, gradNorm: 1, gradNormByLayer: {}, clipped: false, lr: 1, samplesPerSec: 1, time: 1 });
    const meta = JSON.parse(fs.readFileSync(path.join(rec.runDir, 'meta.json'), 'utf8')) as RunMeta;
    assert.ok(meta.heartbeatAt > first, `${meta.heartbeatAt} > ${first}`);
  } finally {
    rec.close();
  }
});

test('resume continues a killed run from its checkpoint without duplicate records', () => {
  const root = tempDir();
  const rec = RunRecorder.create({ root, experiment: 'resume', resolvedYaml: 'x: 1\n', seed: 1, heartbeatMs: 0 });
  const step = (s: number, epoch: number) =>
    rec.onEvent({ type: 'step', epoch, step: s, loss: 1, gradNorm: 1, gradNormByLayer: {}, clipped: false, lr: 1, samplesPerSec: 1, time: s });
  const epochEnd = (r: RunRecorder, epoch: number, s: number) => {
    r.onEvent({ type: 'epoch', epoch, step: s, loss: 1, clippedFraction: 0, durationMs: 1, best: false, time: s });
    r.onEvent({ type: 'gradients', epoch, records: [{ epoch, layer: 'rnn', direction: 'forward', norms: [1] }] });
    r.onEvent({ type: 'samples', epoch, samples: [{ epoch, kind: 'series', input: [], target: [], output: [] }] });
  };
  step(1, 1);
  step(2, 1);
  epochEnd(rec, 1, 2);
  // checkpoint at epoch 1 / step 2; then epoch 2 half done, and the writer is killed mid-line.
  step(3, 2);
  rec.close();
  fs.appendFileSync(path.join(rec.runDir, 'metrics.jsonl'), '{"type":"step","epo');

  const again = RunRecorder.resume({ runDir: rec.runDir, from: { epoch: 1, step: 2 }, heartbeatMs: 0 });
  assert.equal(again.runId, rec.runId);
  assert.equal(readRun(rec.runDir).meta.status, 'running');
  for (const s of [3, 4]) again.onEvent({ type: 'step', epoch: 2, step: s, loss: 1, gradNorm: 1, gradNormByLayer: {}, clipped: false, lr: 1, samplesPerSec: 1, time: s });
  epochEnd(again, 2, 4);
  again.onEvent({ type: 'end', status: 'completed', summary: { status: 'completed', epochs: 2, steps: 4, final: {}, best: {}, baseline: {}, expect: [], durationMs: 1 } });

  const r = readRun(rec.runDir);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(r.steps.map((x) => x.step), [1, 2, 3, 4]);
  assert.deepEqual(r.epochs.map((x) => x.epoch), [1, 2]);
  assert.deepEqual(r.gradients.map((x) => x.epoch), [1, 2]);
  assert.deepEqual(r.samples.map((x) => x.epoch), [1, 2]);
  assert.equal(r.meta.status, 'completed');
  assert.equal(r.meta.resumes?.length, 1);
  assert.deepEqual({ ...r.meta.resumes?.[0], at: undefined }, { at: undefined, fromEpoch: 1, fromStep: 2, previousStatus: 'running' });
});

test('artifact events land in artifacts/<name>.json (file bytes decoded beside them) and readRun returns the latest per name', () => {
  const root = tempDir();
  const rec = RunRecorder.create({ root, experiment: 'art', resolvedYaml: SYNTHETIC_YAML, seed: 1, heartbeatMs: 0 });
  try {
    const matrix = { labels: ['a', 'b'], matrix: [[3, 1], [0, 4]] };
    rec.onEvent({ type: 'artifact', name: 'confusion', kind: 'confusion', epoch: 1, data: { labels: ['a', 'b'], matrix: [[1, 1], [1, 1]] } });
    rec.onEvent({ type: 'artifact', name: 'confusion', kind: 'confusion', epoch: 2, data: matrix });
    const mid = Buffer.from([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6]);
    rec.onEvent({ type: 'artifact', name: 'piece-1', kind: 'file', epoch: 2, file: { name: 'piece-1.mid', base64: mid.toString('base64') } });
    assert.throws(() => rec.onEvent({ type: 'artifact', name: '../escape', kind: 'file', epoch: 2 }), /not a safe file name/);
    const dir = path.join(rec.runDir, 'artifacts');
    assert.deepEqual(fs.readFileSync(path.join(dir, 'piece-1.mid')), mid);
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'piece-1.json'), 'utf8'));
    assert.deepEqual(stored.file, { name: 'piece-1.mid', bytes: 8 }, 'the base64 payload is not kept in the JSON');
    const run = readRun(rec.runDir);
    assert.deepEqual(run.artifacts.map((a) => a.name), ['confusion', 'piece-1']);
    assert.deepEqual(run.artifacts[0]?.data, matrix);
  } finally {
    rec.close();
  }
});
