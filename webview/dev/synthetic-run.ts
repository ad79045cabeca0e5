/**
 * A deterministic, realistic-looking TrainEvent stream for developing and testing the dashboard
 * without the engine: a noisy-sine next-value forecast whose loss falls towards and below the
 * persistence baseline, gradient norms with occasional spikes above clipNorm, per-epoch samples,
 * gradients through time and a hidden-state capture. Used by the unit tests and test/e2e/preview.js.
 * Not bundled into dist/webview.js.
 */

import type { EpochRecord, SampleRecord, StepRecord, TrainEvent } from '../../src/core/events';
import type { ExperimentConfig } from '../../src/core/config/types';

export interface SyntheticOptions {
  epochs?: number;
  stepsPerEpoch?: number;
  window?: number;
  clipNorm?: number;
  /** Stop after this many epochs with status 'running' (no end event): a live run in progress. */
  stopAfterEpoch?: number;
  experiment?: string;
  runId?: string;
  seed?: number;
  /** 'lstm': the gradient records carry cellNorms and the hidden capture has c and the i, f, o gates. */
  cell?: 'rnn' | 'lstm';
}

export function syntheticRun(o: SyntheticOptions = {}): TrainEvent[] {
  const epochs = o.epochs ?? 12;
  const spe = o.stepsPerEpoch ?? 25;
  const window = o.window ?? 30;
  const clipNorm = o.clipNorm ?? 1;
  const runId = o.runId ?? '2026-11-25T16-20-00-sine-a1b2';
  const experiment = o.experiment ?? 'sine-next-value';
  let seed = o.seed ?? 7;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const t0 = Date.UTC(2026, 10, 25, 16, 20, 0);
  const events: TrainEvent[] = [];
  const baselineLoss = 0.052;
  const config = {
    name: experiment,
    seed: 42,
    backend: 'auto',
    model: { type: o.cell ?? 'rnn', layers: [{ units: 32 }] },
    training: { epochs, batchSize: 32, clipNorm, optimizer: { name: 'adam', learningRate: 0.005 } },
  } as unknown as ExperimentConfig;
  events.push({
    type: 'start',
    runId,
    runDir: `/workspace/.seqlab/runs/${runId}`,
    experiment,
    configPath: '/workspace/sine.seqlab.yaml',
    backend: { name: 'wasm', requested: 'auto', reasons: ['tensorflow: @tensorflow/tfjs-node is not installed'], detail: 'SIMD' },
    kernel: { requested: 'auto', name: 'tfjs', reason: 'fused kernel not built' },
    paramCount: 1121,
    data: {
      kind: 'noisy-sine', trainExamples: 800, valExamples: 200, timeSteps: window, features: 1, outputs: 1,
      task: 'regression', baselineName: 'persistence (predict the last value)', fingerprint: 'abc123',
    },
    baseline: { valLoss: baselineLoss, valMae: 0.18 },
    epochs,
    stepsPerEpoch: spe,
    config,
    time: t0,
    preview: {
      series: (() => {
        const values = Array.from({ length: 250 }, (_, i) => Number((Math.sin((2 * Math.PI * i * 4) / 50) + 0.1 * gauss()).toPrecision(4)));
        return { values, every: 4, length: 1000, mean: 0, std: 0.71, min: Math.min(...values), max: Math.max(...values) };
      })(),
      examples: [{ input: [0.1, 0.6, 0.9], target: 0.98 }],
    },
  });
  let step = 0;
  const stopAt = o.stopAfterEpoch ?? epochs;
  for (let epoch = 1; epoch <= stopAt; epoch++) {
    let clippedCount = 0;
    let sum = 0;
    for (let i = 0; i < spe; i++) {
      step++;
      const progress = step / (epochs * spe);
      const level = 0.02 + 0.5 * Math.exp(-progress * 6);
      const loss = Math.max(1e-4, level * (1 + 0.25 * gauss()));
      const spike = rand() < 0.06 ? 2 + 3 * rand() : 1;
      const gradNorm = Math.max(0.01, (0.3 + 1.4 * Math.exp(-progress * 4)) * (1 + 0.2 * gauss()) * spike);
      const clipped = gradNorm > clipNorm;
      if (clipped) clippedCount++;
      sum += loss;
      const rec: StepRecord = {
        type: 'step', epoch, step, loss, gradNorm, clipped, lr: 0.005, samplesPerSec: 4000 + 300 * gauss(),
        gradNormByLayer: { rnn_0: gradNorm * 0.8, dense: gradNorm * 0.55 }, time: t0 + step * 40,
      };
      events.push(rec);
    }
    const valLoss = 0.018 + 0.45 * Math.exp(-(epoch / epochs) * 5) + 0.002 * gauss();
    const ep: EpochRecord = {
      type: 'epoch', epoch, step, loss: sum / spe, valLoss, valMae: Math.sqrt(valLoss) * 0.8, valRmse: Math.sqrt(valLoss),
      clippedFraction: clippedCount / spe, durationMs: spe * 40, best: true, time: t0 + step * 40,
    };
    events.push(ep);
    const samples: SampleRecord[] = [];
    for (let k = 0; k < 3; k++) {
      const phase = k * 1.7;
      const at = (t: number): number => Math.sin(0.25 * t + phase) + 0.08 * gauss();
      const input = Array.from({ length: window }, (_, t) => at(t));
      const target = at(window);
      const err = 0.5 * Math.exp(-(epoch / epochs) * 4);
      samples.push({ epoch, kind: 'series', input, target: [target], output: [target + err * gauss()], baseline: [input[window - 1]!] });
    }
    events.push({ type: 'samples', epoch, samples });
    const decay = 0.75 + 0.02 * epoch;
    events.push({
      type: 'gradients', epoch,
      records: [{
        epoch, layer: o.cell === 'lstm' ? 'lstm_0' : 'rnn_0', direction: 'forward', norms: Array.from({ length: window }, (_, t) => Math.pow(decay, window - 1 - t)),
        ...(o.cell === 'lstm' ? { cellNorms: Array.from({ length: window }, (_, t) => 0.5 * Math.pow(0.97, window - 1 - t)) } : {}),
      }],
    });
    events.push({ type: 'log', level: 'info', message: `epoch ${epoch}: loss ${ep.loss.toFixed(4)} valLoss ${valLoss.toFixed(4)}` });
  }
  events.push({
    type: 'hidden', epoch: stopAt, sampleIndex: 0,
    layers: [{
      layer: o.cell === 'lstm' ? 'lstm_0' : 'rnn_0', direction: 'forward', h: Array.from({ length: 8 }, (_, u) => Array.from({ length: window }, (_, t) => Math.tanh(Math.sin(0.3 * t + u)))),
      ...(o.cell === 'lstm'
        ? {
            c: Array.from({ length: 8 }, (_, u) => Array.from({ length: window }, (_, t) => 1.5 * Math.sin(0.1 * t + u))),
            gates: Object.fromEntries(['i', 'f', 'o'].map((g, k) => [g, Array.from({ length: 8 }, (_, u) => Array.from({ length: window }, (_, t) => 1 / (1 + Math.exp(-2 * Math.sin(0.2 * t + u + k))))) ])),
          }
        : {}),
    }],
  });
  if (stopAt >= epochs) {
    const epochRecs = events.filter((e): e is EpochRecord => e.type === 'epoch');
    const best = epochRecs.reduce((a, b) => ((b.valLoss ?? Infinity) < (a.valLoss ?? Infinity) ? b : a));
    const last = epochRecs[epochRecs.length - 1]!;
    events.push({
      type: 'end', status: 'completed',
      summary: {
        status: 'completed', epochs, steps: step, final: { loss: last.loss, valLoss: last.valLoss },
        best: { valLoss: best.valLoss, epoch: best.epoch }, baseline: { valLoss: baselineLoss }, expect: [], durationMs: step * 40,
      },
    });
  }
  return events;
}
