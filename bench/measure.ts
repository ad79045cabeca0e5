/**
 * One benchmark measurement in its own process (bench/run.js starts three per number and takes
 * the median): `node --import tsx bench/measure.ts <impl> <cell> <seconds> <spawnEpochMs>`.
 * Prints one JSON line. Implementations:
 *   layers-wasm | layers-cpu  tf.layers (the reference) on the tfjs wasm / cpu backend
 *   engine-wasm               seqlab train's step (buildModel + trainStep + its Adam) on the tfjs
 *                             kernel path (training.kernel: tfjs), wasm backend
 *   engine-fused-wasm         the same step on the default path: the fused kernel behind the models'
 *                             runDirection seam (src/core/kernels/tfjs-adapter.ts), tfjs wasm for the rest
 *   fused                     the fused WebAssembly kernel, one thread
 *   fused-2t                  the fused kernel, batch split over two threads
 * Timings: wall clock (the numbers reported) and process CPU time (less sensitive to a shared
 * machine, reported alongside).
 */

import { WORKLOAD, makeBatches, trainFlopsPerStep, inferFlopsPerStep, GATES, type BenchCell } from './workload';

type Impl = 'layers-wasm' | 'layers-cpu' | 'engine-wasm' | 'engine-fused-wasm' | 'fused' | 'fused-2t';

interface Runner {
  variant: string;
  train(k: number): Promise<number> | number;
  infer?(k: number): Promise<void> | void;
  close?(): Promise<void>;
}

const [impl, cell, secondsText, spawnText] = process.argv.slice(2) as [Impl, BenchCell, string, string];
const seconds = Number(secondsText ?? 3);
const spawnedAt = Number(spawnText ?? Date.now());
const B = WORKLOAD.batch;
const T = WORKLOAD.steps;
const batches = makeBatches(8);

async function tfRunner(backend: 'wasm' | 'cpu', engine: boolean, fusedSeam = false): Promise<Runner> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const path = await import('path');
    wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    wasm.setThreadsCount(1);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not load`);
  await tf.ready();
  const xs = batches.map((b) => tf.tensor3d(b.x, [B, T, 1]));
  const ys = batches.map((b) => tf.tensor2d(b.y, [B, 1]));
  if (!engine) {
    const opts = { units: WORKLOAD.units, inputShape: [T, 1] };
    const rec =
      cell === 'lstm' ? tf.layers.lstm({ ...opts, recurrentActivation: 'sigmoid' })
      : cell === 'gru' ? tf.layers.gru({ ...opts, recurrentActivation: 'sigmoid' })
      : tf.layers.simpleRNN(opts);
    const model = tf.sequential({ layers: [rec, tf.layers.dense({ units: 1 })] });
    model.compile({ optimizer: tf.train.adam(WORKLOAD.learningRate), loss: 'meanSquaredError' });
    return {
      variant: `tfjs ${tf.version.tfjs} ${backend}`,
      train: async (k) => (await model.trainOnBatch(xs[k]!, ys[k]!)) as number,
      infer: (k) => {
        const p = model.predict(xs[k]!) as import('@tensorflow/tfjs').Tensor;
        p.dataSync();
        p.dispose();
      },
    };
  }
  // The engine rows run what `seqlab train` runs per batch: buildModel + trainStep (loss, gradients,
  // global and per-layer norms before clipping, one packed read) + the project's own Adam.
  const { buildModel } = await import('../src/core/models');
  const { createFusedDirectionRunner } = await import('../src/core/kernels/tfjs-adapter');
  const { trainStep } = await import('../src/core/train/step');
  const { makeOptimizer } = await import('../src/core/train/optimizers');
  const runner = fusedSeam ? createFusedDirectionRunner() : undefined;
  const model = buildModel({
    cell, inputSize: 1, seed: 1,
    layers: [{ units: WORKLOAD.units, dropout: 0, recurrentDropout: 0, bidirectional: false }],
    init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 1, forgetBias: 1 },
    head: { kind: 'regression', outputSize: 1 },
  }, runner ? { runDirection: runner } : {});
  const opt = makeOptimizer({ name: 'adam', learningRate: WORKLOAD.learningRate, momentum: 0 }, model.variables, model.getWeights().map((w) => w.name));
  return {
    variant: runner ? `engine + fused kernel (${runner.kernels.variant}), tfjs ${tf.version.tfjs} ${backend}` : `engine cells, tfjs ${tf.version.tfjs} ${backend}`,
    train: (k) => trainStep({ model, optimizer: opt, lossKind: 'mse', x: xs[k]!, y: ys[k]!, lr: WORKLOAD.learningRate, dropoutSeed: 0 }).loss,
    infer: (k) => {
      const out = tf.tidy(() => model.forward(xs[k]!, { training: false }).output);
      out.dataSync();
      out.dispose();
    },
  };
}

async function fusedRunner(twoThreads: boolean): Promise<Runner> {
  const { FusedTrainer, Adam, initParams, paramLayout } = await import('./fused-train');
  const params = new Float32Array(paramLayout(cell).total);
  initParams(cell, params);
  if (twoThreads) {
    const { TwoThreadTrainer } = await import('./fused-2t');
    const t = await TwoThreadTrainer.create(cell, batches, params);
    return { variant: `${t.variant}, 2 threads`, train: (k) => t.step(k), close: () => t.close() };
  }
  const trainer = new FusedTrainer(cell, B);
  const grad = new Float32Array(params.length);
  const adam = new Adam(params.length);
  return {
    variant: trainer.kernels.variant,
    train: (k) => {
      const l = trainer.gradient(params, batches[k]!, grad);
      adam.step(params, grad);
      return l;
    },
    infer: (k) => void trainer.predict(params, batches[k]!.x),
  };
}

async function timeLoop(fn: (k: number) => unknown, minSteps: number): Promise<{ steps: number; wallS: number; cpuS: number; last: unknown }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let steps = 0;
  let last: unknown;
  while (steps < minSteps || performance.now() - t0 < seconds * 1000) {
    last = await fn(steps % batches.length);
    steps++;
  }
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { steps, wallS, cpuS: (c.user + c.system) / 1e6, last };
}

/** `memory <cell> <steps>`: RSS every 500 steps of fused training (the memory must stay flat). */
async function memoryRun(steps: number): Promise<void> {
  const runner = await fusedRunner(false);
  const rssMB: Array<[number, number]> = [];
  for (let i = 0; i <= steps; i++) {
    if (i % 500 === 0) rssMB.push([i, process.memoryUsage().rss / 2 ** 20]);
    if (i < steps) runner.train(i % batches.length);
  }
  process.stdout.write(JSON.stringify({ impl: 'fused-memory', cell, variant: runner.variant, steps, rssMB }) + '\n');
}

async function main(): Promise<void> {
  if ((impl as string) === 'memory') return memoryRun(Math.round(seconds));
  const runner =
    impl === 'fused' ? await fusedRunner(false)
    : impl === 'fused-2t' ? await fusedRunner(true)
    : await tfRunner(impl === 'layers-cpu' ? 'cpu' : 'wasm', impl.startsWith('engine'), impl === 'engine-fused-wasm');
  const firstLoss = await runner.train(0);
  const firstStepAt = Date.now();
  const slow = impl === 'layers-cpu';
  for (let i = 1; i < (slow ? 1 : 3); i++) await runner.train(i);
  const tr = await timeLoop((k) => runner.train(k), slow ? 2 : 5);
  let inf: Awaited<ReturnType<typeof timeLoop>> | undefined;
  if (runner.infer) {
    await runner.infer(0);
    inf = await timeLoop((k) => runner.infer!(k), slow ? 2 : 5);
  }
  await runner.close?.();
  const trainSps = (tr.steps * B) / tr.wallS;
  const result = {
    impl, cell, variant: runner.variant,
    gates: GATES[cell],
    trainSamplesPerSec: trainSps,
    trainSamplesPerCpuSec: (tr.steps * B) / tr.cpuS,
    trainGflops: (tr.steps * trainFlopsPerStep(cell)) / tr.wallS / 1e9,
    inferSamplesPerSec: inf ? (inf.steps * B) / inf.wallS : null,
    inferGflops: inf ? (inf.steps * inferFlopsPerStep(cell)) / inf.wallS / 1e9 : null,
    coldStartMs: firstStepAt - spawnedAt,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    trainSteps: tr.steps,
    firstLoss,
    lastLoss: tr.last,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ impl, cell, error: e instanceof Error ? e.message : String(e) }) + '\n');
    process.exit(1);
  },
);
