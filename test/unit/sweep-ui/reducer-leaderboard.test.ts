import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMessage, initialState } from '../../../webview/state/reducer';
import type { LeaderboardInfo } from '../../../src/shared/protocol';

const board = (n: number): LeaderboardInfo => ({
  sweepId: 'race-1234abcd',
  experiment: 'race',
  configPath: '/w/race.seqlab.yaml',
  live: true,
  rows: Array.from({ length: n }, (_, i) => ({ index: i + 1, values: { 'model.type': ['rnn', 'lstm', 'gru'][i] }, status: 'completed' as const, metrics: { valLoss: 0.1 * (i + 1) } })),
});

test('leaderboard: the page becomes the table; a re-send (a point finished) replaces it; init goes back to a run', () => {
  const run = applyMessage(initialState(), { type: 'init', run: { runId: 'r', runDir: '/r', experiment: 'e', status: 'completed', startedAt: '' }, settings: { smoothing: 0.3, maxPointsPerSeries: 500, logScale: false } });
  const s1 = applyMessage(run, { type: 'leaderboard', board: board(2) });
  assert.equal(s1.leaderboard?.rows.length, 2);
  assert.equal(s1.run, undefined, 'no run dashboard underneath');
  assert.equal(s1.compare, undefined);
  assert.equal(s1.settings.smoothing, 0.3, 'settings survive');
  const s2 = applyMessage(s1, { type: 'leaderboard', board: board(3) });
  assert.equal(s2.leaderboard?.rows.length, 3);
  assert.equal(s1.leaderboard?.rows.length, 2, 'the input state is not mutated');
  const s3 = applyMessage(s2, { type: 'compare', title: 'x', runs: [] });
  assert.equal(s3.leaderboard, undefined);
  const s4 = applyMessage(s2, { type: 'init', run: { runId: 'r', runDir: '/r', experiment: 'e', status: 'completed', startedAt: '' }, settings: s2.settings });
  assert.equal(s4.leaderboard, undefined);
});
