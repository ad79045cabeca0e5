// The lesson's central claim, on real run data: a SimpleRNN trained on the adding problem records a
// gradient through time (gradients.jsonl) whose first step gets at least two decades (100×) less
// gradient than the last — the vanishing gradient the dashboard's heatmap shows. The run goes
// through runExperiment (the same path as the CLI and the extension worker) and the check reads the
// run folder, then the same selectors the heatmap draws from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runExperiment } from '../../../src/core/run-experiment';
import { readRun } from '../../../src/core/runs';
import { replayEvents, runInfoOf } from '../../../src/extension/dashboard/replay';
import { applyMessage, initialState } from '../../../webview/state/reducer';
import { decadesSpanned, gradientHeatmap, gradientKeys } from '../../../webview/state/heatmaps';

// T = 40 steps; a recurrent matrix with gain 0.5 shrinks ∂L/∂h_t by roughly that factor (times the
// tanh derivative) per step back in time, so 39 steps back it is far below 1/100 of the last step.
const YAML = `name: vanishing-adding
seed: 3
backend: cpu
data:
  kind: adding
  window: 40
  size: 320
  split: {train: 0.8, val: 0.2}
model:
  type: rnn
  layers: [{units: 16}]
  init: {recurrent: orthogonal, gain: 0.5}
training:
  epochs: 2
  batchSize: 32
  optimizer: {name: adam, learningRate: 0.005}
samples: {every: 2, count: 1}
`;

test('SimpleRNN on the adding problem: gradient through time spans ≥ 2 decades (gradients.jsonl)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-vanish-'));
  try {
    const file = path.join(dir, 'vanish.seqlab.yaml');
    fs.writeFileSync(file, YAML);
    const r = await runExperiment({ configPath: file, runsDir: dir, backend: 'cpu' });
    assert.equal(r.status, 'completed', JSON.stringify(r.error ?? r.configErrors));
    const lines = fs.readFileSync(path.join(r.runDir!, 'gradients.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { epoch: number; norms: number[] });
    const lastEpoch = Math.max(...lines.map((l) => l.epoch));
    const rec = lines.find((l) => l.epoch === lastEpoch)!;
    assert.equal(rec.norms.length, 40);
    const first = rec.norms[0]!;
    const last = rec.norms[rec.norms.length - 1]!;
    assert.ok(first > 0 && last > 0, `norms must be positive: ${first}, ${last}`);
    assert.ok(last / first >= 100, `‖∂L/∂h_T‖ / ‖∂L/∂h_1‖ = ${last / first} (expected ≥ 100)`);

    // The dashboard, fed the run folder as the extension replays it, draws the same numbers.
    const data = readRun(r.runDir!);
    const run = runInfoOf(data);
    let s = applyMessage(initialState(), { type: 'init', run, settings: { smoothing: 0.6, maxPointsPerSeries: 2000, logScale: false } });
    s = applyMessage(s, { type: 'events', runId: run.runId, events: replayEvents(data), replay: true });
    const keys = gradientKeys(s);
    assert.equal(keys.length, 1);
    const map = gradientHeatmap(s, keys[0]!);
    assert.deepEqual(map.values.at(-1), rec.norms);
    assert.ok(decadesSpanned(map.values.at(-1)!) >= 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
