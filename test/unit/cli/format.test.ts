// Pure formatting of the human output.
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { formatEpochLine } from '../../../src/cli/format/epoch-line';
import { duration, num, vsBaseline } from '../../../src/cli/format/numbers';
import { plainProgress, progressBar, Throttle } from '../../../src/cli/format/progress';
import { formatSummary } from '../../../src/cli/format/summary';
import { HumanPrinter } from '../../../src/cli/format/printer';
import type { EpochRecord, RunSummary } from '../../../src/core/events';
import { captureIO } from './engine-fixtures';

const epoch: EpochRecord = { type: 'epoch', epoch: 3, step: 30, loss: 0.0312, valLoss: 0.02, clippedFraction: 0.125, durationMs: 4100, best: true, time: 0 };

test('numbers', () => {
  assert.equal(num(0.024834), '0.02483');
  assert.equal(num(12.3456), '12.35');
  assert.equal(num(0.0000123), '1.23e-5');
  assert.equal(num(Number.NaN), 'NaN');
  assert.equal(num(undefined), '—');
  assert.equal(duration(950), '0.95 s');
  assert.equal(duration(83_000), '1 min 23 s');
  assert.equal(vsBaseline(0.02, 0.1), '0.20× baseline');
  assert.equal(vsBaseline(0.02, undefined), undefined);
});

test('epoch line: losses, baseline ratio, grad norm, clipped share, best marker', () => {
  assert.equal(
    formatEpochLine(epoch, { epochs: 10, baseline: { valLoss: 0.1 }, meanGradNorm: 0.84 }),
    'epoch  3/10  loss 0.0312  valLoss 0.02 (0.20× baseline)  grad 0.84  clipped 13%  4.10 s  *\n',
  );
  assert.equal(formatEpochLine({ ...epoch, best: false, valLoss: undefined }, { epochs: 9, baseline: {} }), 'epoch 3/9  loss 0.0312  clipped 13%  4.10 s\n');
});

test('progress bar and plain progress lines', () => {
  const s = { epoch: 2, epochs: 5, stepInEpoch: 6, stepsPerEpoch: 12, loss: 0.5 };
  assert.equal(progressBar(s, 10), 'epoch 2/5 [#####.....] 6/12  loss 0.5');
  assert.equal(plainProgress(s), '  … epoch 2/5, step 6/12, loss 0.5\n');
  let now = 0;
  const th = new Throttle(100, () => now);
  assert.equal(th.ready(), true);
  now = 50;
  assert.equal(th.ready(), false);
  now = 150;
  assert.equal(th.ready(), true);
});

test('summary: status, best vs baseline, expect PASS/FAIL, error and hint, run folder', () => {
  const s: RunSummary = {
    status: 'failed',
    epochs: 2,
    steps: 40,
    final: {},
    best: { valLoss: 0.02, valRmseRaw: 0.1, valMaeRaw: 0.08, epoch: 2 },
    baseline: { valLoss: 0.1, valRmseRaw: 0.22, valMaeRaw: 0.18 },
    expect: [{ metric: 'valLoss', rule: 'below 0.01', value: 0.02, threshold: 0.01, passed: false }],
    durationMs: 1500,
  };
  // The model line is there when the run wrote model/model.json (seq2seq runs do not: checkpoint only).
  const w = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-summary-'));
  fs.mkdirSync(path.join(w, '.seqlab/runs/r1/model'), { recursive: true });
  fs.writeFileSync(path.join(w, '.seqlab/runs/r1/model/model.json'), '{}');
  const text = formatSummary(s, path.join(w, '.seqlab/runs/r1'), w, { message: 'the loss became NaN at step 40 (epoch 2); training stopped', hint: 'lower it' });
  const noModel = formatSummary(s, path.join(w, '.seqlab/runs/r2'), w);
  fs.rmSync(w, { recursive: true, force: true });
  assert.doesNotMatch(noModel, /model {5}/);
  assert.equal(
    text,
    [
      '',
      'failed in 1.50 s: 2 epochs, 40 steps',
      '  error     the loss became NaN at step 40 (epoch 2); training stopped',
      '  hint      lower it',
      '  best      epoch 2: valLoss 0.02 = 0.20× baseline 0.1',
      '            RMSE in real units 0.1 (baseline 0.22), MAE 0.08 (baseline 0.18)',
      '  expect    FAIL  valLoss below 0.01: 0.02',
      '  run       .seqlab/runs/r1',
      '  model     .seqlab/runs/r1/model  (tfjs-layers: model.json + weights.bin)',
      '',
    ].join('\n'),
  );
});

test('printer on a TTY redraws the bar in place and clears it before an epoch line', () => {
  const io = captureIO('/w', true);
  const p = new HumanPrinter(io, { now: () => 0 });
  p.onEvent({ type: 'step', epoch: 1, step: 1, loss: 1, gradNorm: 2, gradNormByLayer: {}, clipped: false, lr: 0.1, samplesPerSec: 1, time: 0 });
  p.onEvent({ ...epoch, epoch: 1 });
  assert.match(io.out(), /^\r\x1b\[Kepoch 1\/0 \[/);
  assert.match(io.out(), /\r\x1b\[Kepoch 1\/0 {2}loss/);
  assert.match(io.out(), /grad 2 /, 'mean grad norm of the epoch');
});

test('header: experiment, backend and why, kernel, model, data sizes, baselines, run folder', async () => {
  const { testConfig } = await import('../train/helpers');
  const { formatHeader } = await import('../../../src/cli/format/header');
  const config = testConfig({ data: { window: 40, period: 20 } });
  const text = formatHeader(
    {
      type: 'start',
      runId: 'r1',
      runDir: '/w/.seqlab/runs/r1',
      experiment: 'sine',
      configPath: '/w/sine.seqlab.yaml',
      backend: { name: 'wasm', requested: 'auto', reasons: ['tensorflow: @tensorflow/tfjs-node is not installed'] },
      kernel: { requested: 'auto', name: 'tfjs', reason: 'fused kernel not available yet' },
      paramCount: 1121,
      data: {
        kind: 'noisy-sine',
        trainExamples: 920,
        valExamples: 240,
        timeSteps: 40,
        features: 1,
        outputs: 1,
        task: 'regression',
        baselineName: 'persistence',
        fingerprint: 'x',
        extraBaselines: [{ name: 'seasonal naive (period 20)', metrics: { valLoss: 0.05 } }],
      },
      baseline: { valLoss: 0.1, valRmseRaw: 0.22 },
      epochs: 8,
      stepsPerEpoch: 29,
      config,
      time: 0,
    },
    '/w',
  );
  assert.equal(
    text,
    [
      'Sequence Lab · sine  (sine.seqlab.yaml)',
      '  backend   wasm  (tensorflow: @tensorflow/tfjs-node is not installed)',
      '  kernel    tfjs (fused kernel not available yet)',
      '  model     rnn, 1 layer of 8 units, 1,121 parameters',
      '  data      noisy-sine: 920 train / 240 val windows of 40 steps, predicting 1 step ahead',
      '  baseline  persistence: valLoss 0.1, RMSE 0.22 in real units',
      '            seasonal naive (period 20): valLoss 0.05',
      '  training  8 epochs × 29 steps (batch 16), adam lr 0.01',
      '  run       .seqlab/runs/r1',
      '',
      '',
    ].join('\n'),
  );
});
