// Runs view model (grouping, clean old runs, disk use) and the compare data built from real run
// folders (two short runs that differ in model.type), as the compare panel posts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareRuns } from '../../../src/core/report/compare-data';
import { listRuns, readRun, type RunListEntry } from '../../../src/core/runs';
import { runExperiment } from '../../../src/core/run-experiment';
import { describeRun, formatBytes, groupRuns, isRunFolder, oldRuns } from '../../../src/extension/runs-view/runs-model';
import { applyMessage, initialState } from '../../../webview/state/reducer';

const entry = (runId: string, experiment: string, startedAt: string, status: RunListEntry['status'] = 'completed', diskBytes = 1000): RunListEntry =>
  ({ runId, runDir: `/r/.seqlab/runs/${runId}`, experiment, status, startedAt, diskBytes, best: { valLoss: 0.5, epoch: 1 } });

test('runs model: grouped per experiment and sweep (newest first), clean keeps the N newest and running runs', () => {
  const runs = [entry('a1', 'a', '2026-01-01'), entry('a2', 'a', '2026-01-02'), entry('a3', 'a', '2026-01-03', 'running'), entry('b1', 'b', '2026-01-01'), entry('a4', 'a', '2026-01-04')];
  const groups = groupRuns(runs, (dir) => (dir.endsWith('a1') || dir.endsWith('a2') ? 'sw1' : undefined));
  assert.deepEqual(groups.map((g) => g.experiment), ['a', 'b']);
  assert.deepEqual(groups[0]!.sweeps.map((s) => [s.id, s.runs.map((r) => r.runId)]), [['sw1', ['a2', 'a1']]]);
  assert.deepEqual(groups[0]!.runs.map((r) => r.runId), ['a4', 'a3']);
  assert.equal(groups[0]!.diskBytes, 4000);
  // Keep 1 per experiment: a4 stays, a3 runs (kept), a2 and a1 go (oldest first); b1 stays.
  assert.deepEqual(oldRuns(runs, 1).map((r) => r.runId), ['a1', 'a2']);
  assert.deepEqual(oldRuns(runs, 10), []);
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(50 * 1024 * 1024), '50 MB');
  assert.equal(describeRun(runs[0]!), 'completed · best val loss 0.5000 · 1000 B');
  assert.equal(isRunFolder('/tmp'), false);
});

test('compare data from two real runs: legend from the differing config key, curves from metrics.jsonl', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-compare-'));
  try {
    const file = path.join(dir, 'tiny.seqlab.yaml');
    fs.writeFileSync(file, 'name: tiny\nseed: 1\nbackend: cpu\ndata: {kind: sine, length: 200, window: 8}\nmodel: {type: rnn, layers: [{units: 4}]}\ntraining: {epochs: 2, batchSize: 32}\n');
    for (const cell of ['rnn', 'gru']) {
      const r = await runExperiment({ configPath: file, runsDir: dir, overrides: [`model.type=${cell}`] });
      assert.equal(r.status, 'completed', JSON.stringify(r.error ?? r.configErrors));
    }
    const entries = listRuns(dir).sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
    assert.equal(entries.length, 2);
    assert.ok(isRunFolder(entries[0]!.runDir));
    const data = entries.map((e) => readRun(e.runDir));
    const cmp = compareRuns(data);
    assert.deepEqual(cmp.map((c) => c.label), ['model.type=rnn', 'model.type=gru']);
    assert.deepEqual(cmp[1]!.epochs.map((e) => e.valLoss), data[1]!.epochs.map((e) => e.valLoss));
    assert.equal(cmp[0]!.gradientThroughTime?.length, 8);
    assert.ok(cmp[0]!.steps.length > 0 && cmp[0]!.steps.length <= 400);
    // The page keeps at most 8 runs and forgets the single-run state.
    const s = applyMessage(initialState(), { type: 'compare', title: 'race', runs: Array.from({ length: 10 }, () => cmp[0]!) });
    assert.equal(s.compare?.runs.length, 8);
    assert.equal(s.status, 'idle');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
