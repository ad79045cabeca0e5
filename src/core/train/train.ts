/**
 * The training loop, readable in one screen: batch → loss and gradients → norms before clipping →
 * clip → optimizer (step.ts) → events; each epoch: validation metrics, best/early stopping, the
 * gradient through time, hidden state and samples (insights.ts), a checkpoint. It yields to the event
 * loop after every batch so an AbortSignal (Stop, Ctrl-C, IPC disconnect) takes effect within one batch.
 */
import type { ExperimentConfig } from '../config/types';
import type { Dataset, EvalExtras } from '../data';
import type { Metrics, OnEvent, RunErrorInfo } from '../events';
import type { SeqModel } from '../models/types';
import type { Checkpoint } from '../runs';
import type { NamedArray } from '../util/named-array';
import { Rng } from '../util/rng';
import { batchOrder, batchTensors, stepsPerEpoch } from './batches';
import { BestTracker } from './best';
import { predictSplit } from './evaluate';
import { decodeSplit } from './decode/greedy';
import { emitInsights } from './insights';
import { makeOptimizer, type Optimizer } from './optimizers';
import { saveBestModel } from './save-model';
import { learningRate } from './schedule';
import { trainStep, type StepResult } from './step';
import { tidyData } from './tidy';

export interface TrainOptions {
  config: ExperimentConfig;
  dataset: Dataset;
  model: SeqModel;
  /** Shuffling and dropout masks draw from it; its state is checkpointed. */
  rng: Rng;
  emit: OnEvent;
  signal?: AbortSignal;
  /** Where checkpoints and the best model go (the RunRecorder); tests may omit it. */
  sink?: { writeCheckpoint(c: Checkpoint): void; modelDir(): string };
  /** Continue from this checkpoint (weights, optimizer, rng, best): training goes on at its epoch + 1. */
  resumeFrom?: Checkpoint;
}

export interface TrainOutcome {
  status: 'completed' | 'stopped' | 'failed';
  epochs: number;
  steps: number;
  final: Metrics;
  best: Metrics & { epoch?: number };
  error?: RunErrorInfo;
}

export const NON_FINITE_HINT = 'lower training.optimizer.learningRate or set training.clipNorm';

export async function train(opts: TrainOptions): Promise<TrainOutcome> {
  // A resumed run draws its shuffles and dropout masks from the checkpointed stream.
  const cp = opts.resumeFrom;
  const o: TrainOptions = cp ? { ...opts, rng: Rng.fromState(cp.rng.state, cp.rng.spare) } : opts;
  const { config, dataset: ds, model, emit } = o;
  const tc = config.training;
  const optimizer = makeOptimizer(tc.optimizer, model.variables, model.getWeights().map((w) => w.name));
  const tracker = new BestTracker(tc.earlyStopping);
  const perEpoch = stepsPerEpoch(ds.train.n, tc.batchSize);
  const out: TrainOutcome = { status: 'completed', epochs: 0, steps: 0, final: {}, best: {} };
  if (cp) restore(o, optimizer, tracker, out, cp);
  try {
    epochs: for (let epoch = out.epochs + 1; epoch <= tc.epochs; epoch++) {
      const started = Date.now();
      let lossSum = 0;
      let clippedSteps = 0;
      const batches = batchOrder(ds.train.n, tc.batchSize, o.rng);
      for (const [b, idx] of batches.entries()) {
        if (o.signal?.aborted) break;
        const lr = learningRate(tc, { epoch: epoch - 1, batch: b, stepsPerEpoch: perEpoch });
        const t0 = performance.now();
        const r = step(o, optimizer, idx, lr, teacherForcingRatio(tc, epoch));
        out.steps++;
        if (!r.finite) {
          failNonFinite(out, r, epoch);
          break epochs;
        }
        lossSum += r.loss;
        if (r.clipped) clippedSteps++;
        const { finite: _f, ...rec } = r;
        emit({ type: 'step', epoch, step: out.steps, ...rec, lr, samplesPerSec: idx.length / ((performance.now() - t0) / 1000 || 1e-9), time: Date.now() });
        await yieldToEventLoop();
      }
      if (o.signal?.aborted) {
        out.status = 'stopped';
        break;
      }
      const valOutputs = predictSplit(model, ds, ds.val, tc.batchSize);
      // Seq2seq: accuracy and exact match are measured free running, as the model would be used.
      const extra: EvalExtras | undefined = ds.seq2seq ? { decoded: decodeSplit(model, ds, ds.val, tc.batchSize) } : undefined;
      const metrics: Metrics = { loss: lossSum / batches.length, ...ds.evaluate(valOutputs, extra) };
      const best = tracker.update(epoch, metrics, () => model.getWeights());
      out.epochs = epoch;
      out.final = metrics;
      emit({ type: 'epoch', epoch, step: out.steps, ...metrics, loss: metrics.loss as number, clippedFraction: clippedSteps / batches.length, durationMs: Date.now() - started, best, time: Date.now() });
      emitInsights({ model, ds, config, emit }, epoch, valOutputs, epoch === tc.epochs, extra);
      o.sink?.writeCheckpoint(checkpoint(o, optimizer, tracker, epoch, out.steps));
      if (tracker.shouldStop()) {
        emit({ type: 'log', level: 'info', message: `early stopping: valLoss has not improved for ${tracker.epochsWithoutImprovement} epochs (best: epoch ${tracker.best?.epoch})` });
        break;
      }
      await yieldToEventLoop();
    }
  } finally {
    optimizer.dispose();
  }
  return finish(o, tracker, out);
}

function step(o: TrainOptions, optimizer: Optimizer, idx: number[], lr: number, teacherForcing: number): StepResult {
  const tc = o.config.training;
  const dropoutSeed = o.rng.nextUint32();
  const s2s = o.dataset.seq2seq ? { padId: o.dataset.seq2seq.padId, teacherForcing } : {};
  return tidyData(() => {
    const { x, y } = batchTensors(o.dataset, o.dataset.train, idx);
    return trainStep({ model: o.model, optimizer, lossKind: o.dataset.loss, x, y, lr, clipNorm: tc.clipNorm, clipValue: tc.clipValue, dropoutSeed, ...s2s });
  });
}

/** training.teacherForcing: linear from `start` at epoch 1 to `end` at the last epoch; 1 when not set. */
export function teacherForcingRatio(tc: ExperimentConfig['training'], epoch: number): number {
  const s = tc.teacherForcing;
  if (!s) return 1;
  const f = tc.epochs <= 1 ? 0 : (epoch - 1) / (tc.epochs - 1);
  return s.start + (s.end - s.start) * f;
}

function failNonFinite(out: TrainOutcome, r: StepResult, epoch: number): void {
  const what = Number.isFinite(r.loss) ? `the gradient norm became ${r.gradNorm}` : `the loss became ${r.loss}`;
  out.status = 'failed';
  out.error = { message: `${what} at step ${out.steps} (epoch ${epoch}); training stopped`, hint: NON_FINITE_HINT, step: out.steps };
}

/** Keeps the best weights (early stopping restores them) and writes them to model/. */
function finish(o: TrainOptions, tracker: BestTracker, out: TrainOutcome): TrainOutcome {
  const best = tracker.best;
  if (best) {
    out.best = { ...best.metrics, epoch: best.epoch };
    if (o.config.training.earlyStopping) o.model.setWeights(best.weights);
    // Seq2seq has no tfjs-layers export yet (docs/seq2seq.md): its weights stay in checkpoint/.
    if (o.sink && !o.model.spec.seq2seq) saveBestModel(o.model, best.weights, o.sink.modelDir());
  }
  if (o.dataset.test && out.status === 'completed') evaluateTestSet(o, out, best?.weights);
  return out;
}

/** The held-out test set (data.testPath), once, with the weights model/ keeps (the best epoch's). */
function evaluateTestSet(o: TrainOptions, out: TrainOutcome, bestWeights: NamedArray[] | undefined): void {
  const t = o.dataset.test;
  if (!t || t.split.n === 0) return;
  const current = bestWeights && !o.config.training.earlyStopping ? o.model.getWeights() : undefined;
  if (bestWeights) o.model.setWeights(bestWeights);
  const outputs = predictSplit(o.model, o.dataset, t.split, o.config.training.batchSize);
  const metrics = t.evaluate(outputs);
  if (current) o.model.setWeights(current);
  for (const a of t.artifacts?.(bestWeights ? (out.best.epoch ?? out.epochs) : out.epochs, outputs) ?? []) o.emit({ type: 'artifact', ...a });
  out.final = { ...out.final, ...metrics };
  out.best = { ...out.best, ...metrics };
  const shown = Object.entries(metrics).map(([k, v]) => `${k} ${Number((v as number).toPrecision(4))}`).join(', ');
  o.emit({ type: 'log', level: 'info', message: `test set (${t.split.n} examples, ${bestWeights ? 'best epoch' : 'final'} weights): ${shown}` });
}

function checkpoint(o: TrainOptions, optimizer: Optimizer, tracker: BestTracker, epoch: number, steps: number): Checkpoint {
  const best = tracker.best;
  return {
    epoch,
    step: steps,
    weights: o.model.getWeights(),
    optimizer: { name: optimizer.name, iterations: optimizer.iterations, state: optimizer.getState() },
    rng: o.rng.getState(),
    ...(best ? { best: { epoch: best.epoch, valLoss: best.valLoss, weights: best.weights } } : {}),
  };
}

/** A resumed run continues exactly where the checkpoint left it (same batches, same dropout masks). */
function restore(o: TrainOptions, optimizer: Optimizer, tracker: BestTracker, out: TrainOutcome, cp: Checkpoint): void {
  o.model.setWeights(cp.weights);
  optimizer.setState(cp.optimizer.state, cp.optimizer.iterations);
  if (cp.best) tracker.best = { epoch: cp.best.epoch, valLoss: cp.best.valLoss, metrics: { valLoss: cp.best.valLoss }, weights: cp.best.weights };
  out.epochs = cp.epoch;
  out.steps = cp.step;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
