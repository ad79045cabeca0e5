// The lesson's detectors on synthetic records: each rule fires when its evidence is there and stays
// quiet when one condition is missing (wrong cell, no declared lag, too early, loss already low).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainEvent } from '../../../src/core/events';
import { detect, detectExploding, detectVanishing, findSpike, type DetectorInput } from '../../../src/core/lesson/detectors';

/** ‖∂L/∂h_t‖ shrinking by `factor` per step back from t = T-1. */
function fading(T: number, factor: number, last = 0.2): number[] {
  return Array.from({ length: T }, (_, t) => last * factor ** (T - 1 - t));
}

function longLagInput(over: Partial<DetectorInput> = {}): DetectorInput {
  const epochs = [1, 2, 3, 4].map((epoch) => ({ epoch, loss: 0.18, valLoss: 0.165 }));
  const gradients = epochs.map((e) => ({ epoch: e.epoch, layer: 'rnn_0', direction: 'forward' as const, norms: fading(20, 0.6) }));
  return { modelType: 'rnn', dataKind: 'adding', baseline: { valLoss: 0.167 }, gradNorms: Array(40).fill(0.4), epochs, gradients, ...over };
}

test('vanishing fires: rnn on adding, epoch ≥ 3, first step ≥ 100× smaller, loss near the baseline', () => {
  const f = detectVanishing(longLagInput());
  assert.ok(f, 'expected a vanishing finding');
  assert.equal(f.kind, 'vanishing');
  assert.equal(f.step, 'vanishingGradients');
  assert.equal(f.epoch, 4);
  assert.ok((f.ratio ?? 0) >= 100, String(f.ratio));
  assert.match(f.action, /lstm|gru/i);
  assert.match(f.evidence, /epoch 4/);
});

test('vanishing also fires on copy, and on a first step with exactly zero gradient', () => {
  const inp = longLagInput({ dataKind: 'copy', baseline: { valLoss: 2.3 } });
  const epochs = inp.epochs.map((e) => ({ ...e, valLoss: 2.29 }));
  const gradients = inp.gradients.map((g) => ({ ...g, norms: [0, ...g.norms.slice(1)] }));
  const f = detectVanishing({ ...inp, epochs, gradients });
  assert.ok(f);
  assert.equal(f.ratio, Infinity);
});

test('vanishing stays quiet: LSTM/GRU, next-value tasks, early epochs, a learned task, a mild ratio', () => {
  assert.equal(detectVanishing(longLagInput({ modelType: 'lstm' })), undefined, 'lstm');
  assert.equal(detectVanishing(longLagInput({ modelType: 'gru' })), undefined, 'gru');
  assert.equal(detectVanishing(longLagInput({ dataKind: 'noisy-sine' })), undefined, 'next-value exercise');
  assert.equal(detectVanishing(longLagInput({ dataKind: 'sine' })), undefined, 'sine');
  const early = longLagInput();
  assert.equal(detectVanishing({ ...early, epochs: early.epochs.slice(0, 2), gradients: early.gradients.slice(0, 2) }), undefined, 'epoch 2');
  const learned = longLagInput();
  assert.equal(detectVanishing({ ...learned, epochs: learned.epochs.map((e) => ({ ...e, valLoss: 0.02 })) }), undefined, 'loss far below the baseline');
  const mild = longLagInput();
  assert.equal(detectVanishing({ ...mild, gradients: mild.gradients.map((g) => ({ ...g, norms: fading(20, 0.9) })) }), undefined, '0.9^19 ≈ 0.14: only 7×');
  assert.equal(detectVanishing(longLagInput({ baseline: {} })), undefined, 'no baseline');
});

test('exploding fires on a non-finite end (the trainer stops the run) and on a NaN norm', () => {
  const f = detectExploding({
    ...longLagInput({ modelType: 'rnn', dataKind: 'noisy-sine' }),
    end: { status: 'failed', error: { message: 'the gradient norm became Infinity at step 34 (epoch 2); training stopped', step: 34 } },
  });
  assert.ok(f);
  assert.equal(f.nonFinite, true);
  assert.equal(f.atStep, 34);
  assert.equal(f.step, 'explodingGradients');
  assert.match(f.action, /clipNorm/);
  const g = detectExploding({ ...longLagInput(), gradNorms: [1, 2, NaN], stepNumbers: [1, 2, 3] });
  assert.equal(g?.atStep, 3);
  assert.equal(detectExploding({ ...longLagInput(), epochs: [{ epoch: 1, loss: 1e30, valLoss: Infinity }] })?.nonFinite, true);
});

test('exploding fires on a spike ≥ 10× the recent median of an unclipped run, not when clipNorm caps it', () => {
  const norms = [...Array(30).fill(0.5), 12, ...Array(5).fill(0.5)];
  const f = detectExploding({ ...longLagInput(), gradNorms: norms });
  assert.ok(f);
  assert.equal(f.nonFinite, false);
  assert.equal(f.atStep, 31);
  assert.equal(detectExploding({ ...longLagInput(), gradNorms: norms, clipNorm: 1 }), undefined, 'clipped: already capped');
  assert.equal(detectExploding({ ...longLagInput(), gradNorms: [...norms, NaN], clipNorm: 1 })?.nonFinite, true, 'clipped but NaN: still a finding');
});

test('exploding fires when the loss blew up to ≥ 100× the baseline with steady norms (clipped or not)', () => {
  const epochs = [{ epoch: 1, loss: 25, valLoss: 80 }, { epoch: 2, loss: 130, valLoss: 202 }];
  const f = detectExploding({ ...longLagInput({ dataKind: 'noisy-sine', baseline: { valLoss: 0.103 } }), epochs, gradNorms: Array(40).fill(60), clipNorm: 1 });
  assert.ok(f);
  assert.equal(f.epoch, 1);
  assert.equal(f.nonFinite, false);
  assert.equal(detectExploding({ ...longLagInput({ baseline: { valLoss: 0.103 } }), epochs: [{ epoch: 1, loss: 9, valLoss: 5 }] }), undefined, '≈ 90× is not yet a blow-up');
});

test('exploding stays quiet: the usual early decline, a 5× bump, tiny norms, too little history, a failure of another kind', () => {
  const decline = Array.from({ length: 100 }, (_, i) => 30 * Math.exp(-i / 10) + 0.3);
  assert.equal(findSpike(decline), undefined, 'large first steps then smaller ones');
  assert.equal(detectExploding({ ...longLagInput(), gradNorms: [...Array(30).fill(0.5), 2.5] }), undefined, '5× bump');
  assert.equal(detectExploding({ ...longLagInput(), gradNorms: [...Array(30).fill(0.001), 0.5] }), undefined, 'below the absolute floor');
  assert.equal(detectExploding({ ...longLagInput(), gradNorms: [0.1, 0.1, 50] }), undefined, 'only 2 steps of history');
  assert.equal(detectExploding({ ...longLagInput(), end: { status: 'failed', error: { message: 'data.path: no such file' } } }), undefined, 'not a divergence');
});

test('detect(events) reads the same evidence from a TrainEvent stream', () => {
  const inp = longLagInput();
  const config = { model: { type: 'rnn' }, data: { kind: 'adding' }, training: {} };
  const events = [
    { type: 'start', runId: 'r', runDir: '/x', experiment: 'e', backend: {}, kernel: {}, paramCount: 1, data: { kind: 'adding' }, baseline: { valLoss: 0.167 }, epochs: 4, stepsPerEpoch: 10, config, time: 0 },
    ...inp.epochs.flatMap((e) => [
      { type: 'step', epoch: e.epoch, step: e.epoch, loss: 0.2, gradNorm: 0.4, gradNormByLayer: {}, clipped: false, lr: 0.01, samplesPerSec: 1, time: 0 },
      { type: 'epoch', epoch: e.epoch, step: e.epoch, loss: e.loss, valLoss: e.valLoss, clippedFraction: 0, durationMs: 1, best: false, time: 0 },
      { type: 'gradients', epoch: e.epoch, records: inp.gradients.filter((g) => g.epoch === e.epoch) },
    ]),
  ] as unknown as TrainEvent[];
  const kinds = detect(events).map((f) => f.kind);
  assert.deepEqual(kinds, ['vanishing']);
  const lstmEvents = events.map((e) => (e.type === 'start' ? { ...e, config: { ...config, model: { type: 'lstm' } } } : e)) as unknown as TrainEvent[];
  assert.deepEqual(detect(lstmEvents), []);
});
