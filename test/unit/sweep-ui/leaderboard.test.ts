import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bestRow, leaderboardRows, leaderboardText, metricColumns, metricDirection, sortRows, type LeaderboardInput } from '../../../src/core/sweep/leaderboard';
import { listSweeps, readSweepRuns } from '../../../src/core/sweep/sweep-runs';

const summary = (best: Record<string, number>, expectPassed?: boolean) => ({
  best,
  final: {},
  baseline: { valLoss: 0.5 },
  expect: expectPassed === undefined ? [] : [{ metric: 'valLoss', rule: 'below', value: best.valLoss, threshold: 0.3, passed: expectPassed }],
  durationMs: 2000,
});

const INPUTS: LeaderboardInput[] = [
  { index: 1, values: { 'model.type': 'rnn' }, status: 'completed', runId: 'r1', summary: summary({ valLoss: 0.4, valAccuracy: 0.7, epoch: 3 }, false) },
  { index: 2, values: { 'model.type': 'lstm' }, status: 'completed', runId: 'r2', summary: summary({ valLoss: 0.1, valAccuracy: 0.8, epoch: 5 }, true) },
  { index: 3, values: { 'model.type': 'gru' }, status: 'failed', runId: 'r3', error: 'NaN loss' },
  { index: 4, values: { 'model.type': 'gru2' }, status: 'completed', runId: 'r4', summary: summary({ valLoss: 0.2, valAccuracy: 0.95 }, true) },
  { index: 5, values: { 'model.type': 'x' }, status: 'stopped', runId: 'r5', summary: summary({ valLoss: 0.01, valAccuracy: 0.99 }) },
];

test('metric direction: losses and errors lower, accuracies and exact match higher', () => {
  assert.equal(metricDirection('valLoss'), 'lower');
  assert.equal(metricDirection('valRmseRaw'), 'lower');
  assert.equal(metricDirection('valPerplexity'), 'lower');
  assert.equal(metricDirection('valAccuracy'), 'higher');
  assert.equal(metricDirection('testTokenAccuracy'), 'higher');
  assert.equal(metricDirection('valExactMatch'), 'higher');
});

test('best row by a metric with its direction, among completed runs only', () => {
  const rows = leaderboardRows(INPUTS);
  assert.equal(bestRow(rows, 'valLoss')?.runId, 'r2'); // r5 is lower but stopped
  assert.equal(bestRow(rows, 'valAccuracy')?.runId, 'r4');
  assert.equal(bestRow(rows, 'valAccuracy', 'lower')?.runId, 'r1');
  assert.equal(bestRow(rows, 'testAccuracy'), undefined);
  assert.deepEqual(metricColumns(rows), ['valLoss', 'valAccuracy']);
  assert.equal(rows[1]?.bestEpoch, 5);
  assert.equal(rows[1]?.expectPassed, true);
  assert.equal(rows[0]?.expectPassed, false);
  assert.equal(rows[1]?.seconds, 2);
});

test('sorting: metrics best first by default, either way on request; rows without the value last', () => {
  const rows = leaderboardRows(INPUTS);
  assert.deepEqual(sortRows(rows, { column: 'valLoss' }).map((r) => r.index), [5, 2, 4, 1, 3]);
  assert.deepEqual(sortRows(rows, { column: 'valLoss', descending: true }).map((r) => r.index), [1, 4, 2, 5, 3]);
  assert.deepEqual(sortRows(rows, { column: 'valAccuracy' }).map((r) => r.index), [5, 4, 2, 1, 3]);
  assert.deepEqual(sortRows(rows, { column: 'value:model.type' }).map((r) => r.values['model.type']), ['gru', 'gru2', 'lstm', 'rnn', 'x']);
  assert.deepEqual(sortRows(rows, { column: 'index', descending: true }).map((r) => r.index), [5, 4, 3, 2, 1]);
  // Ties keep grid order.
  const tied = leaderboardRows([
    { index: 2, values: {}, status: 'completed', summary: summary({ valLoss: 0.3 }) },
    { index: 1, values: {}, status: 'completed', summary: summary({ valLoss: 0.3 }) },
  ]);
  assert.deepEqual(sortRows(tied, { column: 'valLoss' }).map((r) => r.index), [1, 2]);
  assert.equal(bestRow(tied, 'valLoss')?.index, 1);
});

test('text table: sorted by the metric, the winner marked, failed rows at the bottom', () => {
  const text = leaderboardText(leaderboardRows(INPUTS));
  const lines = text.split('\n');
  assert.match(lines[0] ?? '', /#\s+model\.type\s+status\s+valLoss\s+valAccuracy\s+epoch\s+expect\s+run/);
  assert.match(lines[2] ?? '', /^5\s+x\s+stopped\s+0\.01/);
  assert.match(lines[3] ?? '', /^2\s+lstm\s+completed\s+0\.1\s+0\.8\s+5\s+PASS\s+r2\s+<- best valLoss$/);
  assert.equal(lines.filter((l) => l.includes('<- best')).length, 1);
  assert.match(lines.at(-1) ?? '', /3\s+gru\s+failed\s+-\s+-/);
});

test('readSweepRuns and listSweeps read the sweep tags of run folders (newest run per point)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-lb-'));
  try {
    const write = (id: string, sweepId: string, index: number, startedAt: string, status: string, best?: Record<string, number>) => {
      const dir = path.join(root, '.seqlab', 'runs', id);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ experiment: 'e', configPath: '/x/e.seqlab.yaml', status, startedAt, sweep: { id: sweepId, point: `h${index}`, index, values: { 'model.type': `t${index}` } } }));
      if (best) fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary(best)));
    };
    write('a1', 'S', 1, '2026-01-01T00:00:00Z', 'failed');
    write('a2', 'S', 1, '2026-01-01T00:01:00Z', 'completed', { valLoss: 0.2 });
    write('a3', 'S', 2, '2026-01-01T00:02:00Z', 'completed', { valLoss: 0.1 });
    write('b1', 'T', 1, '2026-01-02T00:00:00Z', 'completed', { valLoss: 0.3 });
    fs.mkdirSync(path.join(root, '.seqlab', 'runs', 'plain'));
    const s = readSweepRuns(root, 'S');
    assert.equal(s.configPath, '/x/e.seqlab.yaml');
    assert.deepEqual(s.inputs.map((i) => [i.index, i.runId, i.status]), [[1, 'a2', 'completed'], [2, 'a3', 'completed']]);
    assert.equal(bestRow(leaderboardRows(s.inputs), 'valLoss')?.runId, 'a3');
    assert.deepEqual(listSweeps(root).map((x) => [x.id, x.runs]), [['T', 1], ['S', 3]]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
