/**
 * `buildModel(spec)`: explicit recurrent cells (rnn | lstm | gru), stacked and optionally
 * bidirectional, with dropout, recurrent dropout, token inputs and a Dense head — written as a loop
 * over time on tf ops (not tf.layers), so the trainer can probe ∂L/∂h_t per step and capture the
 * hidden state and gates. Weights are Keras-compatible; see export-layers.ts for model.json.
 */

import { assignWeights, createVariables, readWeights } from './variables';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../util/rng';
import type {
  CapturedSlot,
  ForwardOptions,
  ForwardResult,
  LayersArtifacts,
  ModelSpec,
  NamedArray,
  SeqModel,
  StateSlot,
} from './types';
import { modelLayout, type ModelLayout } from './layout';
import { initialWeights } from './init-weights';
import { runDirection, type DirectionRunner, type DirectionRunResult } from './recurrent-layer';
import { dropoutMask } from './dropout';
import { denseHead } from './head';
import { layersArtifacts } from './export-layers';
import { buildSeq2seqModel } from './seq2seq';

export { modelLayout } from './layout';
export type { DirectionRunner, DirectionRunOptions, DirectionRunResult, DirectionWeights } from './recurrent-layer';

export interface BuildOptions {
  /**
   * Replaces the tf-ops time loop of every layer direction (same inputs, same result contract:
   * probes honoured, gradients through tfjs). The seam for the fused WebAssembly kernel
   * (training.kernel: fused), typically a tf.customGrad wrapper; omitted = the tf-ops loop.
   */
  runDirection?: DirectionRunner;
}
export { layersArtifacts, layersModelJson, saveLayersModel } from './export-layers';

/** tfjs registers variables globally by name: a per-model prefix lets several models coexist. */
let modelCounter = 0;

class ExplicitSeqModel implements SeqModel {
  readonly spec: ModelSpec;
  readonly layout: ModelLayout;
  readonly variables: tf.Variable[];
  readonly variableNames: string[];
  readonly variableLayers: string[];
  readonly stateSlots: StateSlot[];
  /** Only for dropout calls without a `dropoutSeed`: still seeded, from spec.seed. */
  private readonly fallbackDropoutRng: Rng;
  /** Fixed identity lookup for one-hot token input (not trainable, not in `variables`). */
  private oneHotDepth?: number;
  private disposed = false;

  private readonly runDirection: DirectionRunner;

  constructor(spec: ModelSpec, opts: BuildOptions = {}) {
    this.spec = spec;
    this.runDirection = opts.runDirection ?? runDirection;
    this.layout = modelLayout(spec);
    const prefix = `seqlab_model_${++modelCounter}`;
    this.variables = createVariables(prefix, this.layout.weights, initialWeights(spec, this.layout));
    this.variableNames = this.layout.weights.map((w) => w.name);
    this.variableLayers = this.layout.weights.map((w) => w.layer);
    this.stateSlots = this.layout.slots.map((s) => ({ ...s }));
    this.fallbackDropoutRng = new Rng((spec.seed ^ 0x5eed) >>> 0);
    if (this.layout.tokens && !this.layout.tokens.trainable) this.oneHotDepth = this.layout.tokens.vocabSize;
  }

  paramCount(): number {
    return this.variables.reduce((n, v) => n + v.size, 0);
  }

  forward(x: tf.Tensor, opts: ForwardOptions): ForwardResult {
    this.assertAlive();
    const { layout } = this;
    let seq = this.embed(x);
    const [batch, steps] = seq.shape;
    const probes = opts.probes;
    if (probes) this.checkProbes(probes, batch, steps);
    const anyDropout = layout.layers.some((l) => l.dropout > 0 || l.recurrentDropout > 0);
    const rng =
      opts.training && anyDropout
        ? new Rng(opts.dropoutSeed !== undefined ? opts.dropoutSeed >>> 0 : this.fallbackDropoutRng.nextUint32())
        : undefined;

    const captured: CapturedSlot[] = [];
    let lastStep: tf.Tensor2D | undefined;
    let slotIndex = 0;
    layout.layers.forEach((layer, li) => {
      const isLast = li === layout.layers.length - 1;
      // A last layer under a last-step head needs only h_T: the fused kernel then skips the [B,T,U] sequence.
      const needSequence = !isLast || this.spec.head.kind === 'sequence' || opts.capture === true;
      const results: DirectionRunResult[] = layer.directions.map((dir) => {
        const slot = slotIndex++;
        const [k, r, b] = dir.weightIndex;
        // Each direction has its own masks (Keras's Bidirectional wraps two independent layers).
        const inputMask = rng && layer.dropout > 0 ? dropoutMask(rng, batch, layer.inSize, layer.dropout) : undefined;
        const recurrentMask =
          rng && layer.recurrentDropout > 0 ? dropoutMask(rng, batch, layer.units, layer.recurrentDropout) : undefined;
        const res = this.runDirection(
          layout.cell,
          layer.units,
          {
            kernel: this.variables[k] as tf.Variable,
            recurrentKernel: this.variables[r] as tf.Variable,
            bias: this.variables[b] as tf.Variable,
          },
          seq,
          {
            reverse: dir.direction === 'backward',
            probeH: probes?.h[slot],
            probeC: probes?.c?.[slot] ?? undefined,
            inputMask,
            recurrentMask,
            capture: opts.capture === true,
            needSequence,
          },
        );
        if (opts.capture) {
          const s = this.stateSlots[slot] as StateSlot;
          const cap: CapturedSlot = { ...s, h: res.sequence };
          if (res.c) cap.c = res.c;
          if (res.gates) cap.gates = res.gates;
          captured.push(cap);
        }
        return res;
      });
      if (needSequence) seq = results.length === 1 ? (results[0] as DirectionRunResult).sequence : tf.concat(results.map((r) => r.sequence), 2);
      // Keras return_sequences=false: forward's h_{T-1} and backward's h after its last step (t = 0).
      if (isLast) lastStep = results.length === 1 ? (results[0] as DirectionRunResult).last : tf.concat(results.map((r) => r.last), 1);
    });

    const kernel = this.variables[layout.dense.kernelIndex] as tf.Variable;
    const bias = this.variables[layout.dense.biasIndex] as tf.Variable;
    const output = this.spec.head.kind === 'sequence' ? denseHead(seq, kernel, bias) : denseHead(lastStep as tf.Tensor2D, kernel, bias);
    return opts.capture ? { output, captured } : { output };
  }

  /** Float [B,T,F] passes through; token ids [B,T] go through the embedding or a one-hot. */
  private embed(x: tf.Tensor): tf.Tensor3D {
    const tokens = this.layout.tokens;
    if (!tokens) {
      if (x.rank !== 3 || x.shape[2] !== this.spec.inputSize)
        throw new Error(`model input must be [batch, time, ${this.spec.inputSize}] floats, got [${x.shape.join(', ')}]`);
      return x as tf.Tensor3D;
    }
    if (x.rank !== 2) throw new Error(`token input must be [batch, time] ids, got [${x.shape.join(', ')}]`);
    const ids = x.dtype === 'int32' ? (x as tf.Tensor2D) : tf.cast(x, 'int32');
    if (this.oneHotDepth !== undefined) return tf.cast(tf.oneHot(ids, this.oneHotDepth), 'float32') as tf.Tensor3D;
    return embeddingLookup(this.variables[0] as tf.Variable, ids as tf.Tensor2D);
  }

  private checkProbes(p: NonNullable<ForwardOptions['probes']>, batch: number, steps: number): void {
    const n = this.stateSlots.length;
    if (p.h.length !== n) throw new Error(`probes.h needs one tensor per state slot (${n}), got ${p.h.length}`);
    if (p.c && p.c.length !== n) throw new Error(`probes.c needs one entry per state slot (${n}), got ${p.c.length}`);
    this.stateSlots.forEach((s, i) => {
      const want = [batch, steps, s.units].join(',');
      const h = p.h[i] as tf.Tensor;
      if (h.shape.join(',') !== want) throw new Error(`probes.h[${i}] (${s.layer} ${s.direction}) must be [${want}], got [${h.shape.join(',')}]`);
      const c = p.c?.[i];
      if (c && !s.hasCell) throw new Error(`probes.c[${i}]: ${s.layer} has no cell state (only LSTM has)`);
      if (c && c.shape.join(',') !== want) throw new Error(`probes.c[${i}] must be [${want}], got [${c.shape.join(',')}]`);
    });
  }

  getWeights(): NamedArray[] {
    this.assertAlive();
    return readWeights(this.variables, this.variableNames);
  }

  setWeights(weights: NamedArray[]): void {
    this.assertAlive();
    assignWeights(this.variables, this.variableNames, weights);
  }

  toLayersArtifacts(): LayersArtifacts {
    this.assertAlive();
    return layersArtifacts(this.spec, this.layout, this.getWeights());
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.variables) v.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('this model was disposed');
  }
}

export function buildModel(spec: ModelSpec, opts: BuildOptions = {}): SeqModel {
  // Seq2seq runs on the tfjs time loop: the fused kernel seam takes no initial state or padding mask.
  if (spec.seq2seq) return buildSeq2seqModel(spec);
  return new ExplicitSeqModel(spec, opts);
}

/**
 * Embedding lookup. tf.gather's gradient needs the UnsortedSegmentSum kernel, which the wasm backend
 * does not register (4.22), so there the gradient is a scatter-add done on the host: the table's
 * gradient is built from dy on the CPU side, which the wasm and cpu backends hold anyway.
 */
export function embeddingLookup(table: tf.Variable, ids: tf.Tensor2D): tf.Tensor3D {
  if (tf.getKernel('UnsortedSegmentSum', tf.getBackend())) return tf.gather(table, ids) as tf.Tensor3D;
  const [vocab, dim] = table.shape as [number, number];
  const lookup = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [t, i, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([i]);
    return {
      value: tf.gather(t, i as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const idv = (saved[0] as tf.Tensor).dataSync();
        const g = dy.dataSync();
        const acc = new Float32Array(vocab * dim);
        for (let n = 0; n < idv.length; n++) {
          const row = (idv[n] as number) * dim;
          for (let d = 0; d < dim; d++) acc[row + d] = (acc[row + d] as number) + (g[n * dim + d] as number);
        }
        return [tf.tensor2d(acc, [vocab, dim]), tf.zerosLike(saved[0] as tf.Tensor)];
      },
    };
  });
  return lookup(table, ids) as tf.Tensor3D;
}

