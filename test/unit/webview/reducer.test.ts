import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMessage, initialState } from '../../../webview/state/reducer';
import { bestValLoss, gradView, lossView, currentEpoch } from '../../../webview/state/series';
import type { State } from '../../../webview/state/types';
import type { HostToWebview, RunInfo } from '../../../src/shared/protocol';
import type { StepRecord, TrainEvent } from '../../../src/core/events';
import { syntheticRun } from '../../../webview/dev/synthetic-run';

const RUN: RunInfo = { runId: 'r1', runDir: '/w/.seqlab/runs/r1', experiment: 'sine', status: 'running', startedAt: '2026-11-25T16:00:00Z' };
const SETTINGS = { smoothing: 0.6, maxPointsPerSeries: 500, logScale: false };
const init: HostToWebview = { type: 'init', run: RUN, settings: SETTINGS };

function feed(events: TrainEvent[], batch: number, replay = false, start: State = applyMessage(initialState(), init)): State {
  let s = start;
  for (let i = 0; i < events.length; i += batch) {
    s = applyMessage(s, { type: 'events', runId: 'r1', events: events.slice(i, i + batch), replay });
  }
  return s;
}

test('a full run: run info, step and epoch series, baseline, clip threshold, samples, gradients, hidden, end', () => {
  const events = syntheticRun({ runId: 'r1', epochs: 4, stepsPerEpoch: 10, clipNorm: 0.9 });
  const s = feed(events, 7);
  assert.equal(s.status, 'completed');
  assert.equal(s.start?.experiment, 'sine-next-value');
  assert.equal(s.start?.backend.name, 'wasm');
  assert.equal(s.start?.epochs, 4);
  assert.equal(s.clipNorm, 0.9);
  assert.equal(s.baseline.valLoss, 0.052);
  const steps = events.filter((e): e is StepRecord => e.type === 'step');
  assert.deepEqual(s.steps.step, steps.map((e) => e.step));
  assert.deepEqual(s.steps.loss, steps.map((e) => e.loss));
  assert.deepEqual(s.steps.gradNorm, steps.map((e) => e.gradNorm));
  assert.deepEqual(s.steps.clipped, steps.map((e) => e.clipped));
  assert.deepEqual(s.steps.lr, steps.map((e) => e.lr));
  assert.deepEqual(s.steps.gradNormByLayer.rnn_0, steps.map((e) => e.gradNormByLayer.rnn_0));
  assert.deepEqual(s.epochs.map((e) => e.epoch), [1, 2, 3, 4]);
  assert.equal(typeof s.epochs[0]!.valLoss, 'number');
  assert.equal(typeof s.epochs[0]!.clippedFraction, 'number');
  assert.equal(s.samples.series?.epoch, 4);
  assert.equal(s.samples.series?.samples.length, 3);
  assert.deepEqual(s.gradients.map((g) => g.epoch), [1, 2, 3, 4]);
  assert.equal(s.hidden?.layers[0]?.layer, 'rnn_0');
  assert.equal(s.end?.summary.steps, 40);
  assert.equal(s.log.length, 4);
  assert.equal(currentEpoch(s), 4);
});

test('replayed (one batch) and live (many small batches) messages give the same state', () => {
  const events = syntheticRun({ runId: 'r1', epochs: 5, stepsPerEpoch: 13 });
  const live = feed(events, 1);
  const live3 = feed(events, 3);
  const replay = feed(events, events.length, true);
  assert.deepEqual(live, replay);
  assert.deepEqual(live3, replay);
});

test('init resets the page and is idempotent', () => {
  const s = feed(syntheticRun({ runId: 'r1', epochs: 2, stepsPerEpoch: 5 }), 4);
  const once = applyMessage(s, init);
  const twice = applyMessage(once, init);
  assert.deepEqual(twice, once);
  assert.equal(once.status, 'waiting');
  assert.equal(once.steps.step.length, 0);
  assert.equal(once.epochs.length, 0);
  assert.equal(once.end, undefined);
  assert.deepEqual(once.run, RUN);
});

test('the reducer never mutates its input state', () => {
  const events = syntheticRun({ runId: 'r1', epochs: 2, stepsPerEpoch: 5 });
  const before = feed(events.slice(0, 6), 6);
  const snapshot = structuredClone(before);
  feed(events.slice(6), 2, false, before);
  assert.deepEqual(before, snapshot);
});

test('overlapping deliveries (replay then live re-sending the same steps) do not duplicate points', () => {
  const events = syntheticRun({ runId: 'r1', epochs: 3, stepsPerEpoch: 6 });
  const once = feed(events, events.length);
  const overlapped = feed(events.slice(10), 4, false, feed(events.slice(0, 20), 20, true));
  assert.deepEqual(overlapped.steps, once.steps);
  assert.deepEqual(overlapped.epochs, once.epochs);
});

test('events of another run are ignored; host errors and settings are kept', () => {
  const s0 = applyMessage(initialState(), init);
  const s1 = applyMessage(s0, { type: 'events', runId: 'other', events: syntheticRun({ runId: 'other', epochs: 1, stepsPerEpoch: 2 }) });
  assert.equal(s1, s0);
  const s2 = applyMessage(s1, { type: 'error', message: 'run folder unreadable' });
  assert.deepEqual(s2.hostErrors, ['run folder unreadable']);
  const s3 = applyMessage(s2, { type: 'settings', settings: { smoothing: 0.9, maxPointsPerSeries: 100, logScale: true } });
  assert.deepEqual(s3.settings, { smoothing: 0.9, maxPointsPerSeries: 100, logScale: true });
  // Out-of-range settings fall back to defaults instead of breaking the charts.
  const s4 = applyMessage(s3, { type: 'settings', settings: { smoothing: 1.5, maxPointsPerSeries: 0, logScale: false } });
  assert.equal(s4.settings.smoothing, 0.6);
  assert.equal(s4.settings.maxPointsPerSeries, 2000);
});

test('a layer first seen later is back-filled with NaN so columns stay aligned', () => {
  const mk = (step: number, layers: Record<string, number>): StepRecord => ({
    type: 'step', epoch: 1, step, loss: 1 / step, gradNorm: 1, gradNormByLayer: layers, clipped: false, lr: 0.01, samplesPerSec: 1, time: step,
  });
  const s = feed([mk(1, { a: 1 }), mk(2, { a: 2, b: 5 }), mk(3, { b: 6 })], 1);
  assert.deepEqual(s.steps.gradNormByLayer.a, [1, 2, NaN]);
  assert.deepEqual(s.steps.gradNormByLayer.b, [NaN, 5, 6]);
});

test('failed run keeps its error; samples keep the latest set per kind', () => {
  const events = syntheticRun({ runId: 'r1', epochs: 3, stepsPerEpoch: 4, stopAfterEpoch: 2 });
  events.push({ type: 'samples', epoch: 2, samples: [{ epoch: 2, kind: 'text', input: 'ab', target: 'c', output: 'd', temperature: 0.5 }] });
  events.push({
    type: 'end', status: 'failed', error: { message: 'NaN loss at step 7', step: 7 },
    summary: { status: 'failed', epochs: 2, steps: 8, final: {}, best: {}, baseline: {}, expect: [], durationMs: 1 },
  });
  const s = feed(events, 5);
  assert.equal(s.status, 'failed');
  assert.equal(s.end?.error?.message, 'NaN loss at step 7');
  assert.equal(s.samples.series?.epoch, 2);
  assert.equal(s.samples.text?.samples[0]?.output, 'd');
});

test('selectors: loss view (raw = metrics values, smoothed, val, baseline), grad view (clip line, share clipped)', () => {
  const events = syntheticRun({ runId: 'r1', epochs: 4, stepsPerEpoch: 10, clipNorm: 0.9 });
  const s = feed(events, 9);
  const lv = lossView(s);
  const steps = events.filter((e): e is StepRecord => e.type === 'step');
  assert.equal(lv.stepCount, steps.length);
  assert.deepEqual(lv.drawn.raw, steps.map((e) => ({ x: e.step, y: e.loss })));
  assert.deepEqual(lv.lastStep, { x: 40, y: steps[39]!.loss });
  assert.equal(lv.drawn.smoothed.length, steps.length);
  assert.notDeepEqual(lv.drawn.smoothed, lv.drawn.raw);
  assert.equal(lv.drawn.val.length, 4);
  assert.equal(lv.baseline, 0.052);
  assert.deepEqual(lv.best, bestValLoss(s));
  const gv = gradView(s);
  assert.equal(gv.clipNorm, 0.9);
  const n = steps.filter((e) => e.clipped).length;
  assert.equal(gv.clippedShare, n / steps.length);
  assert.equal(gv.drawn.clippedPoints.length, n);
  assert.equal(gv.clippedByEpoch.length, 4);
  // Downsampling applies to what is drawn, never to the stored state.
  const small = applyMessage(s, { type: 'settings', settings: { smoothing: 0.6, maxPointsPerSeries: 12, logScale: true } });
  const lvSmall = lossView(small);
  assert.ok(lvSmall.drawn.raw.length <= 12);
  assert.equal(lvSmall.stepCount, 40);
  assert.equal(small.steps.loss.length, 40);
  assert.equal(lvSmall.logScale, true);
});

test('artifact events: the latest record per name is kept; an older epoch arriving late does not replace it', () => {
  const conf = (epoch: number): TrainEvent => ({ type: 'artifact', name: 'confusion', kind: 'confusion', epoch, data: { labels: ['a', 'b'], matrix: [[epoch, 0], [0, epoch]] } });
  const s = feed([conf(1), conf(3), { type: 'artifact', name: 'piece', kind: 'file', epoch: 2, file: { name: 'piece.mid', bytes: 40 } }, conf(2)], 1);
  assert.deepEqual(Object.keys(s.artifacts).sort(), ['confusion', 'piece']);
  assert.equal(s.artifacts.confusion?.epoch, 3);
  assert.deepEqual((s.artifacts.confusion?.data as { matrix: number[][] }).matrix, [[3, 0], [0, 3]]);
  assert.equal(s.artifacts.piece?.file?.name, 'piece.mid');
});
