import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffConfigs, diffLabel, flattenConfig } from '../../../src/core/report/config-diff';
import { runsMarkdown, type ReportRun } from '../../../src/core/report/markdown';
import type { RunSummary } from '../../../src/core/events';

const base = { name: 'race', seed: 1, data: { kind: 'adding', window: 20 }, model: { type: 'rnn', layers: [{ units: 32, dropout: 0 }] }, training: { epochs: 5, optimizer: { name: 'adam', learningRate: 0.01 }, clipNorm: 1 } };
const cfg = (over: (c: typeof base) => void): typeof base => {
  const c = structuredClone(base);
  over(c);
  return c;
};

test('flattenConfig: dotted paths as --set uses them, list items by index', () => {
  assert.deepEqual(flattenConfig({ model: { layers: [{ units: 4 }, { units: 8 }] }, expect: {} }), { 'model.layers.0.units': 4, 'model.layers.1.units': 8, expect: {} });
});

test('diffConfigs: only the keys that differ, in key order, one value per config (missing = undefined)', () => {
  const a = cfg(() => {});
  const b = cfg((c) => { c.model.type = 'gru'; });
  const c = cfg((c) => { c.model.type = 'lstm'; c.model.layers.push({ units: 16, dropout: 0 }); c.name = 'other'; });
  const rows = diffConfigs([a, b, c], { ignore: ['name'] });
  assert.deepEqual(rows.map((r) => r.key), ['model.layers.1.dropout', 'model.layers.1.units', 'model.type']);
  assert.deepEqual(rows.find((r) => r.key === 'model.type')?.values, ['rnn', 'gru', 'lstm']);
  assert.deepEqual(rows[1]!.values, [undefined, undefined, 16]);
  assert.equal(diffLabel(rows.filter((r) => r.key === 'model.type'), 1), 'model.type=gru');
  assert.deepEqual(diffConfigs([a, structuredClone(a)]), []);
  // Without ignore, the name difference shows.
  assert.ok(diffConfigs([a, c]).some((r) => r.key === 'name'));
});

test('diffLabel: short keys, a count of what is left out', () => {
  const rows = diffConfigs([cfg(() => {}), cfg((c) => { c.model.type = 'gru'; c.training.clipNorm = 5; c.training.optimizer.learningRate = 0.1; c.seed = 2; })]);
  assert.equal(diffLabel(rows, 1, 2), 'model.type=gru, seed=2, +2 more');
  assert.equal(diffLabel(rows, 1, 4), 'model.type=gru, seed=2, clipNorm=5, optimizer.learningRate=0.1');
});

const summary = (valLoss: number, epoch: number): RunSummary => ({
  status: 'completed', epochs: 5, steps: 200, final: { loss: valLoss * 1.1, valLoss }, best: { valLoss, epoch },
  baseline: { valLoss: 0.1667 }, expect: [{ metric: 'valLoss', rule: 'belowBaseline 1.1', value: valLoss, threshold: 0.17, passed: valLoss < 0.17 }], durationMs: 1000,
});

test('runsMarkdown: metrics table with the baseline row, config differences for several runs', () => {
  const runs: ReportRun[] = [
    { runId: 'r1', experiment: 'race', status: 'completed', config: cfg(() => {}), summary: summary(0.1702, 4) },
    { runId: 'r2', experiment: 'race', status: 'completed', config: cfg((c) => { c.model.type = 'lstm'; }), summary: summary(0.00213, 5) },
  ];
  const md = runsMarkdown(runs);
  const lines = md.split('\n');
  assert.equal(lines[0], '## Sequence Lab: race');
  assert.ok(lines.includes('| run | status | epochs | loss | valLoss | best valLoss (epoch) | expect |'), md);
  assert.ok(lines.includes('| `r1` | completed | 5 | 0.1872 | 0.1702 | 0.1702 (4) | 0/1 passed |'), md);
  assert.ok(lines.includes('| `r2` | completed | 5 | 0.002343 | 0.00213 | 0.00213 (5) | 1/1 passed |'), md);
  assert.ok(lines.includes('| baseline |  |  |  | 0.1667 |  |  |'), md);
  assert.ok(lines.includes('### Config differences'));
  assert.ok(lines.includes('| `model.type` | `rnn` | `lstm` |'), md);
  assert.ok(!md.includes('`name`'));
});

test('runsMarkdown: one run lists its key settings; pipes in values cannot break the table', () => {
  const md = runsMarkdown([{ runId: 'r|1', experiment: 'x', status: 'failed', config: cfg((c) => { c.data.kind = 'a|b'; }) }], { level: 3, title: 'Report' });
  assert.ok(md.startsWith('### Report\n'));
  assert.ok(md.includes('| `r\\|1` | failed |'), md);
  assert.ok(md.includes('| `data.kind` | `a\\|b` |'), md);
  assert.ok(md.includes('| `model.layers.0.units` | `32` |'), md);
  assert.equal(runsMarkdown([]), '## Sequence Lab: no runs\n\nNo runs.\n');
});
