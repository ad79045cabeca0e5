import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { effectiveStatus, readRun, RunRecorder, writeJsonAtomic, type RunMeta } from '../../../src/core/runs';
import { tempDir } from './tmp';

const NOW = Date.parse('2026-11-25T16:00:00Z');
const base = { status: 'running' as const, host: os.hostname(), pid: process.pid };

test('a running run with a fresh heartbeat and a live pid is running', () => {
  assert.deepEqual(effectiveStatus({ ...base, heartbeatAt: new Date(NOW - 5_000).toISOString() }, NOW), { status: 'running' });
});

test('a running run whose heartbeat is older than the threshold reads as stopped', () => {
  const e = effectiveStatus({ ...base, heartbeatAt: new Date(NOW - 31_000).toISOString() }, NOW);
  assert.equal(e.status, 'stopped');
  assert.match(e.reason ?? '', /no heartbeat for 31 s/);
  // Another host: its pid means nothing here, only the heartbeat counts.
  assert.equal(effectiveStatus({ ...base, host: 'other-host', pid: 1, heartbeatAt: new Date(NOW - 1_000).toISOString() }, NOW).status, 'running');
  assert.equal(effectiveStatus({ ...base, host: 'other-host', pid: 1, heartbeatAt: new Date(NOW - 60_000).toISOString() }, NOW).status, 'stopped');
});

test('a running run whose writer pid is dead on this host reads as stopped at once', () => {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const deadPid = Number(child.stdout.toString());
  assert.ok(deadPid > 0);
  const e = effectiveStatus({ ...base, pid: deadPid, heartbeatAt: new Date().toISOString() });
  assert.equal(e.status, 'stopped');
  assert.match(e.reason ?? '', new RegExp(`pid ${deadPid}`));
});

test('ended runs keep their recorded status', () => {
  for (const s of ['completed', 'failed', 'stopped'] as const) {
    assert.equal(effectiveStatus({ ...base, status: s, heartbeatAt: new Date(0).toISOString() }, NOW).status, s);
  }
});

test('readRun applies the rule to meta.json and keeps the recorded status beside it', () => {
  const d = tempDir();
  const rec = RunRecorder.create({ root: d, experiment: 'stale', resolvedYaml: 'x: 1\n', seed: 1, heartbeatMs: 0 });
  rec.close();
  const metaPath = path.join(rec.runDir, 'meta.json');
  assert.equal(readRun(rec.runDir).meta.status, 'running', 'our own live process');
  const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as RunMeta;
  writeJsonAtomic(metaPath, { ...meta, heartbeatAt: new Date(Date.now() - 120_000).toISOString() });
  const r = readRun(rec.runDir);
  assert.equal(r.meta.status, 'stopped');
  assert.equal(r.recordedStatus, 'running');
  assert.match(r.statusReason ?? '', /heartbeat/);
});

test('a live run mid-line is not warned about; a dead one is', () => {
  const d = tempDir();
  const rec = RunRecorder.create({ root: d, experiment: 'live', resolvedYaml: 'x: 1\n', seed: 1, heartbeatMs: 0 });
  rec.close();
  fs.writeFileSync(path.join(rec.runDir, 'metrics.jsonl'), '{"type":"step","step":1}\n{"type":"st');
  const live = readRun(rec.runDir);
  assert.equal(live.meta.status, 'running');
  assert.equal(live.steps.length, 1);
  assert.deepEqual(live.warnings, []);
  const later = readRun(rec.runDir, { now: Date.now() + 3_600_000 });
  assert.equal(later.meta.status, 'stopped');
  assert.match(later.warnings.join('\n'), /metrics\.jsonl: ignored a partial last line/);
});

test('a writer killed after summary.json but before its last meta.json rewrite reads with the summary status', () => {
  const d = tempDir();
  const rec = RunRecorder.create({ root: d, experiment: 'almost', resolvedYaml: 'x: 1\n', seed: 1, heartbeatMs: 0 });
  rec.close();
  writeJsonAtomic(path.join(rec.runDir, 'summary.json'), { status: 'completed', epochs: 1, steps: 1, final: {}, best: { valLoss: 0.5 }, baseline: {}, expect: [], durationMs: 1 });
  const r = readRun(rec.runDir, { now: Date.now() + 3_600_000 });
  assert.equal(r.recordedStatus, 'running');
  assert.equal(r.meta.status, 'completed');
  assert.match(r.statusReason ?? '', /summary\.json says completed/);
  // While the writer is alive, it is still running.
  assert.equal(readRun(rec.runDir).meta.status, 'running');
});
