// runExperiment / resumeExperiment: one start and one end per run, impossible backends are exit 2
// without a run folder, and a stopped run resumed from its checkpoint ends like an uninterrupted one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resumeExperiment, runExperiment } from '../../../src/core/run-experiment';
import type { EpochRecord, TrainEvent } from '../../../src/core/events';
import { readJsonl } from '../../../src/core/runs';
import { tempExperiment } from '../cli/engine-fixtures';

test('explicit backend that cannot load: exit 2, a clear error, no run folder', async () => {
  const t = tempExperiment();
  try {
    const events: TrainEvent[] = [];
    const r = await runExperiment({ configPath: t.file, backend: 'tensorflow', onEvent: (e) => events.push(e) });
    assert.equal(r.exitCode, 2);
    assert.equal(r.status, 'invalid');
    assert.match(r.error?.message ?? '', /backend 'tensorflow' cannot be used: tensorflow: @tensorflow\/tfjs-node is not installed/);
    assert.equal(r.error?.key, 'backend');
    assert.deepEqual(events, []);
    assert.deepEqual(fs.readdirSync(path.join(t.dir, '.seqlab')), []);
  } finally {
    t.cleanup();
  }
});

test('a stopped run resumed from its checkpoint ends exactly like an uninterrupted run', async () => {
  const t = tempExperiment();
  try {
    const overrides = ['training.epochs=3', 'backend=cpu'];
    const full = await runExperiment({ configPath: t.file, overrides });
    assert.equal(full.status, 'completed');

    const ac = new AbortController();
    const events: TrainEvent[] = [];
    const stopped = await runExperiment({
      configPath: t.file,
      overrides,
      signal: ac.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'step' && e.epoch === 2) ac.abort();
      },
    });
    assert.equal(stopped.status, 'stopped');
    assert.equal(stopped.exitCode, 1);
    assert.equal(events.filter((e) => e.type === 'start').length, 1);
    assert.equal(events.filter((e) => e.type === 'end').length, 1);
    assert.equal(events.at(-1)?.type, 'end');

    const resumed = await resumeExperiment({ runDir: stopped.runDir as string });
    assert.equal(resumed.status, 'completed', JSON.stringify(resumed.error));
    assert.equal(resumed.runId, stopped.runId);
    const epochs = (dir: string): EpochRecord[] =>
      readJsonl<EpochRecord>(path.join(dir, 'metrics.jsonl')).records.filter((r) => r.type === 'epoch');
    assert.deepEqual(epochs(resumed.runDir as string).map((e) => e.epoch), [1, 2, 3]);
    assert.deepEqual(
      epochs(resumed.runDir as string).map((e) => [e.step, e.loss, e.valLoss]),
      epochs(full.runDir as string).map((e) => [e.step, e.loss, e.valLoss]),
    );
    const meta = JSON.parse(fs.readFileSync(path.join(resumed.runDir as string, 'meta.json'), 'utf8')) as { status: string; resumes?: unknown[] };
    assert.equal(meta.status, 'completed');
    assert.equal(meta.resumes?.length, 1);
    const again = await resumeExperiment({ runDir: resumed.runDir as string });
    assert.equal(again.exitCode, 2);
    assert.match(again.error?.message ?? '', /already trained all 3 epochs/);
  } finally {
    t.cleanup();
  }
});
