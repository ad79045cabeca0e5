/**
 * Where a training step of the default path spends its CPU time (a diagnostic, not part of
 * `npm run bench`): `node --import tsx bench/profile-step.ts <lstm|gru|rnn> [split|train-only N]`.
 *   (no mode)   CPU ms per step of trainStep and of its parts (variableGrads, forward, the Adam
 *               update, the kernel's forward + backward alone) on the standard workload, wasm
 *   split       trainStep's CPU ms per step and how much of it is inside the kernel calls
 *   train-only  N trainSteps only (for node --cpu-prof)
 * CPU time (process.cpuUsage) rather than wall time: the machine is usually shared.
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import * as path from 'path';
import { makeBatches, type BenchCell } from './workload';
import { buildModel } from '../src/core/models';
import { createFusedDirectionRunner } from '../src/core/kernels/tfjs-adapter';
import { makeOptimizer } from '../src/core/train/optimizers';
import { trainStep } from '../src/core/train/step';
import { lossOf } from '../src/core/train/loss';

const cell = (process.argv[2] ?? 'lstm') as BenchCell;
async function main() {
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm'); await tf.ready();
  const B = 64, T = 50;
  const batches = makeBatches(8);
  const xs = batches.map((b) => tf.tensor3d(b.x, [B, T, 1]));
  const ys = batches.map((b) => tf.tensor2d(b.y, [B, 1]));
  const runner = createFusedDirectionRunner();
  const model = buildModel({ cell, inputSize: 1, seed: 1, layers: [{ units: 64, dropout: 0, recurrentDropout: 0, bidirectional: false }],
    init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 1, forgetBias: 1 }, head: { kind: 'regression', outputSize: 1 } }, { runDirection: runner });
  const opt = makeOptimizer({ name: 'adam', learningRate: 1e-3, momentum: 0 } as never, model.variables, model.getWeights().map((w) => w.name));
  const time = (name: string, fn: (k: number) => void, n = 60) => {
    for (let i = 0; i < 5; i++) fn(i % 8);
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn(i % 8);
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000 / n;
    console.log(name.padEnd(40), ms.toFixed(2), 'ms', (64000 / ms).toFixed(0), 'samples/cpu-s');
    return ms;
  };
  if (process.argv[3] === 'split') {
    const { FusedRecurrentLayer } = await import('../src/core/kernels/fused-recurrent');
    const acc: Record<string, number> = {};
    for (const m of ['forward', 'backward', 'hiddenSequence'] as const) {
      const orig = FusedRecurrentLayer.prototype[m] as (...a: unknown[]) => unknown;
      (FusedRecurrentLayer.prototype as unknown as Record<string, unknown>)[m] = function (this: unknown, ...a: unknown[]) {
        const t0 = process.cpuUsage();
        try { return orig.apply(this, a); } finally { const c = process.cpuUsage(t0); acc[m] = (acc[m] ?? 0) + (c.user + c.system) / 1000; }
      };
    }
    const n = Number(process.argv[4] ?? 100);
    for (let i = 0; i < 5; i++) trainStep({ model, optimizer: opt, lossKind: 'mse', x: xs[i % 8]!, y: ys[i % 8]!, lr: 1e-3, dropoutSeed: 1 });
    for (const k of Object.keys(acc)) acc[k] = 0;
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) trainStep({ model, optimizer: opt, lossKind: 'mse', x: xs[i % 8]!, y: ys[i % 8]!, lr: 1e-3, dropoutSeed: 1 });
    const c = process.cpuUsage(t0);
    const total = (c.user + c.system) / 1000 / n;
    console.log('total ms/step', total.toFixed(2), Object.entries(acc).map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join(' '));
    return;
  }
  if (process.argv[3] === 'adam-ab') {
    // Adam's host pass against its tensor ops inside the whole trainStep, interleaved rounds.
    const opts = [true, false].map((hostUpdate) => makeOptimizer({ name: 'adam', learningRate: 1e-3, momentum: 0 }, model.variables, model.getWeights().map((w) => w.name), { hostUpdate }));
    const acc = [0, 0];
    for (let round = 0; round < 6; round++) {
      opts.forEach((o, j) => {
        const c0 = process.cpuUsage();
        for (let i = 0; i < 20; i++) trainStep({ model, optimizer: o, lossKind: 'mse', x: xs[i % 8]!, y: ys[i % 8]!, lr: 1e-3, dropoutSeed: 1 });
        const c = process.cpuUsage(c0);
        if (round > 0) acc[j]! += (c.user + c.system) / 1000 / 20;
      });
    }
    console.log(`trainStep CPU ms: Adam host pass ${(acc[0]! / 5).toFixed(2)}, Adam tensor ops ${(acc[1]! / 5).toFixed(2)}`);
    return;
  }
  if (process.argv[3] === 'train-only') {
    time('trainStep (product)', (k) => { trainStep({ model, optimizer: opt, lossKind: 'mse', x: xs[k]!, y: ys[k]!, lr: 1e-3, dropoutSeed: 1 }); }, Number(process.argv[4] ?? 200));
    return;
  }
  time('trainStep (product)', (k) => { trainStep({ model, optimizer: opt, lossKind: 'mse', x: xs[k]!, y: ys[k]!, lr: 1e-3, dropoutSeed: 1 }); });
  time('trainStep clipNorm', (k) => { trainStep({ model, optimizer: opt, lossKind: 'mse', x: xs[k]!, y: ys[k]!, lr: 1e-3, dropoutSeed: 1, clipNorm: 1 }); });
  const tfopt = tf.train.adam(1e-3);
  time('variableGrads + tf.train.adam', (k) => { tf.tidy(() => { const { value, grads } = tf.variableGrads(() => lossOf('mse', model.forward(xs[k]!, { training: true }).output, ys[k]!), model.variables); tfopt.applyGradients(grads as never); value.dataSync(); }); });
  time('variableGrads only', (k) => { tf.tidy(() => { const { value } = tf.variableGrads(() => lossOf('mse', model.forward(xs[k]!, { training: true }).output, ys[k]!), model.variables); value.dataSync(); }); });
  time('forward only', (k) => { tf.tidy(() => { model.forward(xs[k]!, { training: true }).output.dataSync(); }); });
  const grads = model.variables.map((v) => tf.zerosLike(v));
  time('our adam apply only', () => { tf.tidy(() => opt.apply(grads, 1e-3)); });
  time('norm packing only (trainStep)', () => { tf.tidy(() => { const sq = grads.map((t) => tf.sum(tf.square(t))); tf.stack([tf.scalar(1), ...sq]).dataSync(); }); });
  time('norms via dataSync + JS', () => { let s2 = 0; for (const g of grads) { const a = g.dataSync(); for (let i = 0; i < a.length; i++) s2 += a[i]! * a[i]!; } return s2; });
  // kernel alone
  const layer = runner.kernels.createLayer({ cell, batch: B, steps: T, features: 1, units: 64 });
  const G = { rnn: 1, lstm: 4, gru: 3 }[cell];
  const kern = new Float32Array(G * 64), rk = new Float32Array(64 * G * 64).map(() => Math.random() * 0.1), bias = new Float32Array(G * 64);
  const dH = new Float32Array(B * T * 64);
  time('kernel fwd+bwd (dH full)', (k) => { layer.forward({ x: batches[k]!.x, kernel: kern, recurrentKernel: rk, bias }); layer.backward({ dH, inputGrad: true }); });
  time('kernel fwd+bwd+hiddenSeq', (k) => { layer.forward({ x: batches[k]!.x, kernel: kern, recurrentKernel: rk, bias }); layer.hiddenSequence(); layer.backward({ dH, inputGrad: true }); });
}
main();
