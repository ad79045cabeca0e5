/**
 * `model.type: seq2seq`: an encoder–decoder of explicit recurrent cells (the same rnn/lstm/gru cell
 * code as the other models), with optional Luong attention.
 *
 * Encoder: `model.layers` stacked (each may be bidirectional) over the source ids, with a padding mask
 * (encoder.ts). Decoder: one layer per encoder layer, layer i starting from encoder layer i's final
 * state ([forward ; backward] concatenated when bidirectional). Each decoder step reads the embedding
 * of the previous token — the true one under teacher forcing, its own argmax when free running — and,
 * with attention, mixes its top state with a context vector: a_s = softmax_s(score(h_t, e_s)) over
 * the real (unpadded) source steps, c_t = Σ a_s e_s, h̃_t = tanh(W_c [c_t ; h_t]), logits = h̃_t·W + b.
 *
 * Runs on the tfjs path only (the fused kernel's seam takes no initial state and no mask).
 */
import { assignWeights, createVariables, readWeights } from '../variables';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../util/rng';
import { dropoutMask } from '../dropout';
import { embeddingLookup } from '../index';
import { unstackSteps } from '../recurrent-layer';
import type { CapturedSlot, ForwardOptions, ForwardResult, LayersArtifacts, ModelSpec, NamedArray, SeqModel, StateSlot, StepDecoder } from '../types';
import { seq2seqInitialWeights } from './init';
import { seq2seqLayout, type S2SLayout } from './layout';
import { runMaskedDirection } from './encoder';

export { seq2seqLayout } from './layout';

let counter = 0;

/** The decoder's recurrent state (one row per example or beam hypothesis) and what attention reads. */
export interface DecoderState {
  h: tf.Tensor2D[];
  c: tf.Tensor2D[];
  /** Top encoder outputs [B,Ts,D] and attention keys (W_a-projected for `general`) [B,Ts,D]. */
  memory: tf.Tensor3D;
  keys: tf.Tensor3D;
  /** 0 on real source steps, −1e9 on padding: added to the attention scores. */
  maskAdd: tf.Tensor2D;
}

interface StepMasks {
  input: Array<tf.Tensor2D | undefined>;
  recurrent: Array<tf.Tensor2D | undefined>;
}

export class Seq2seqModel implements SeqModel {
  readonly spec: ModelSpec;
  readonly layout: S2SLayout;
  readonly variables: tf.Variable[];
  readonly variableNames: string[];
  readonly variableLayers: string[];
  readonly stateSlots: StateSlot[];
  readonly stepDecoder: StepDecoder<DecoderState>;
  private readonly fallbackRng: Rng;
  private disposed = false;

  constructor(spec: ModelSpec) {
    this.spec = spec;
    this.layout = seq2seqLayout(spec);
    const prefix = `seqlab_s2s_${++counter}`;
    this.variables = createVariables(prefix, this.layout.weights, seq2seqInitialWeights(spec, this.layout));
    this.variableNames = this.layout.weights.map((w) => w.name);
    this.variableLayers = this.layout.weights.map((w) => w.layer);
    this.stateSlots = this.layout.slots.map((s) => ({ ...s }));
    this.fallbackRng = new Rng((spec.seed ^ 0x5eed) >>> 0);
    this.stepDecoder = {
      start: (x) => tf.tidy(() => this.encode(x, false, undefined, undefined).state as unknown as tf.TensorContainer) as unknown as DecoderState,
      step: (state, prev) => {
        const out = tf.tidy(() => {
          const r = this.decoderStep(state, this.embed(tf.tensor1d(prev, 'int32'), 'dec'), undefined, false);
          const next: DecoderState = { h: r.h, c: r.c, memory: tf.clone(state.memory), keys: tf.clone(state.keys), maskAdd: tf.clone(state.maskAdd) };
          return { logProbs: tf.logSoftmax(r.logits), next } as unknown as tf.TensorContainer;
        }) as unknown as { logProbs: tf.Tensor2D; next: DecoderState };
        const rows = out.logProbs.arraySync();
        out.logProbs.dispose();
        return { logProbs: rows.map((row) => Float32Array.from(row)), state: out.next };
      },
      select: (state, rows) =>
        tf.tidy(() => {
          const idx = tf.tensor1d(rows, 'int32');
          const g = <T extends tf.Tensor>(t: T): T => tf.gather(t, idx) as T;
          const next: DecoderState = { h: state.h.map(g), c: state.c.map(g), memory: g(state.memory), keys: g(state.keys), maskAdd: g(state.maskAdd) };
          return next as unknown as tf.TensorContainer;
        }) as unknown as DecoderState,
      dispose: (state) => tf.dispose([...state.h, ...state.c, state.memory, state.keys, state.maskAdd]),
    };
  }

  private w(i: number | undefined): tf.Variable {
    return this.variables[i as number] as tf.Variable;
  }

  paramCount(): number {
    return this.variables.reduce((n, v) => n + v.size, 0);
  }

  /** Token ids [B,T] or [B] → features [B,T,F] or [B,F] (embedding, or one-hot without one). */
  private embed(ids: tf.Tensor, side: 'enc' | 'dec'): tf.Tensor {
    const i32 = ids.dtype === 'int32' ? ids : tf.cast(ids, 'int32');
    const table = side === 'enc' ? this.layout.encEmbedding : this.layout.decEmbedding;
    if (table === undefined) return tf.cast(tf.oneHot(i32 as tf.Tensor1D, this.layout.vocabSize), 'float32');
    if (i32.rank === 1) return tf.reshape(embeddingLookup(this.w(table), tf.reshape(i32, [-1, 1]) as tf.Tensor2D), [i32.shape[0] as number, -1]);
    return embeddingLookup(this.w(table), i32 as tf.Tensor2D);
  }

  private encode(x: tf.Tensor, training: boolean, rng: Rng | undefined, opts: ForwardOptions | undefined): { state: DecoderState; captured: CapturedSlot[] } {
    if (x.rank !== 2) throw new Error(`seq2seq input must be [batch, time] token ids, got [${x.shape.join(', ')}]`);
    const { layout } = this;
    const [batch, steps] = x.shape as [number, number];
    const ids = x.dtype === 'int32' ? x : tf.cast(x, 'int32');
    const mask = tf.cast(tf.notEqual(ids, tf.scalar(this.spec.seq2seq?.padId ?? 0, 'int32')), 'float32') as tf.Tensor2D;
    const maskSteps = unstackSteps(tf.expandDims(tf.transpose(mask), 2) as tf.Tensor3D);
    let seq = this.embed(ids, 'enc') as tf.Tensor3D;
    const probes = opts?.probes;
    if (probes && probes.h.length !== this.stateSlots.length) throw new Error(`probes.h needs one tensor per encoder state slot (${this.stateSlots.length}), got ${probes.h.length}`);
    const captured: CapturedSlot[] = [];
    const h0: tf.Tensor2D[] = [];
    const c0: tf.Tensor2D[] = [];
    let slot = 0;
    for (const layer of layout.encoder) {
      const results = layer.directions.map((d) => {
        const s = slot++;
        const res = runMaskedDirection(
          layout.cell,
          layer.units,
          { kernel: this.w(d.k) as tf.Tensor as tf.Tensor2D, recurrentKernel: this.w(d.r) as tf.Tensor as tf.Tensor2D, bias: this.w(d.b) as tf.Tensor as tf.Tensor1D },
          seq,
          {
            reverse: d.direction === 'backward',
            maskSteps,
            probeH: probes?.h[s],
            probeC: probes?.c?.[s] ?? undefined,
            inputMask: training && rng && layer.dropout > 0 ? dropoutMask(rng, batch, layer.inSize, layer.dropout) : undefined,
            recurrentMask: training && rng && layer.recurrentDropout > 0 ? dropoutMask(rng, batch, layer.units, layer.recurrentDropout) : undefined,
            capture: opts?.capture === true,
          },
        );
        if (opts?.capture) {
          const cap: CapturedSlot = { ...(this.stateSlots[s] as StateSlot), h: res.sequence };
          if (res.c) cap.c = res.c;
          if (res.gates) cap.gates = res.gates;
          captured.push(cap);
        }
        return res;
      });
      const cat = <T extends tf.Tensor>(ts: T[], axis: number): T => (ts.length === 1 ? (ts[0] as T) : (tf.concat(ts, axis) as T));
      seq = cat(results.map((r) => r.sequence), 2);
      h0.push(cat(results.map((r) => r.lastH), 1));
      if (layout.cell.hasCell) c0.push(cat(results.map((r) => r.lastC as tf.Tensor2D), 1));
    }
    void steps;
    const keys: tf.Tensor3D =
      layout.attention === 'general'
        ? (tf.reshape(tf.matMul(tf.reshape(seq, [-1, seq.shape[2]]), this.w(layout.attnW) as tf.Tensor as tf.Tensor2D, false, true), seq.shape) as tf.Tensor3D)
        : seq;
    const maskAdd = tf.mul(tf.sub(1, mask), -1e9) as tf.Tensor2D;
    return { state: { h: h0, c: c0, memory: seq, keys, maskAdd }, captured };
  }

  /** One decoder step for every row: input features [B,F] → new state, logits [B,V] (and attention weights [B,Ts]). */
  private decoderStep(st: DecoderState, input: tf.Tensor, masks: StepMasks | undefined, wantAttention: boolean): { h: tf.Tensor2D[]; c: tf.Tensor2D[]; logits: tf.Tensor2D; attention?: tf.Tensor2D } {
    const { layout } = this;
    let x = input as tf.Tensor2D;
    const h: tf.Tensor2D[] = [];
    const c: tf.Tensor2D[] = [];
    layout.decoder.forEach((layer, i) => {
      const inMask = masks?.input[i];
      const xIn = inMask ? tf.mul(x, inMask) : x;
      const xProj = tf.add(tf.matMul(xIn, this.w(layer.k) as tf.Tensor as tf.Tensor2D), this.w(layer.b)) as tf.Tensor2D;
      const hPrev = st.h[i] as tf.Tensor2D;
      const recMask = masks?.recurrent[i];
      const prepared = layout.cell.prepare(this.w(layer.r) as tf.Tensor as tf.Tensor2D, layer.units);
      const out = layout.cell.step({ xProj, hPrev, hRec: recMask ? tf.mul(hPrev, recMask) : hPrev, cPrev: st.c[i], wantGates: false }, prepared, layer.units);
      h.push(out.h);
      if (out.c) c.push(out.c);
      x = out.h;
    });
    let top: tf.Tensor2D = x;
    let attention: tf.Tensor2D | undefined;
    if (layout.attention !== 'none') {
      // score_s = h_t · k_s over the source steps, padding pushed to −1e9 before the softmax.
      const scores = tf.add(tf.squeeze(tf.matMul(st.keys, tf.expandDims(top, 2)), [2]), st.maskAdd) as tf.Tensor2D;
      const a = tf.softmax(scores) as tf.Tensor2D;
      const context = tf.squeeze(tf.matMul(tf.expandDims(a, 1), st.memory), [1]) as tf.Tensor2D;
      top = tf.tanh(tf.matMul(tf.concat([context, top], 1), this.w(layout.attnC) as tf.Tensor as tf.Tensor2D)) as tf.Tensor2D;
      if (wantAttention) attention = a;
    }
    const logits = tf.add(tf.matMul(top, this.w(layout.dense.k) as tf.Tensor as tf.Tensor2D), this.w(layout.dense.b)) as tf.Tensor2D;
    return attention ? { h, c, logits, attention } : { h, c, logits };
  }

  forward(x: tf.Tensor, opts: ForwardOptions): ForwardResult {
    this.assertAlive();
    const s2s = this.spec.seq2seq;
    if (!s2s) throw new Error('seq2seq spec missing');
    const batch = x.shape[0] as number;
    const targets = opts.targets ? (opts.targets.dtype === 'int32' ? opts.targets : tf.cast(opts.targets, 'int32')) : undefined;
    const steps = targets ? (targets.shape[1] as number) : s2s.targetSteps;
    const ratio = Math.min(1, Math.max(0, opts.teacherForcing ?? (targets ? 1 : 0)));
    if (ratio > 0 && !targets) throw new Error('seq2seq forward: teacher forcing needs targets');
    const anyDropout = this.layout.encoder.some((l) => l.dropout > 0 || l.recurrentDropout > 0);
    const needRng = (opts.training && anyDropout) || (ratio > 0 && ratio < 1);
    const rng = needRng ? new Rng(opts.dropoutSeed !== undefined ? opts.dropoutSeed >>> 0 : this.fallbackRng.nextUint32()) : undefined;

    const { state, captured } = this.encode(x, opts.training, rng, opts);
    const masks: StepMasks | undefined =
      opts.training && rng && anyDropout
        ? {
            input: this.layout.decoder.map((l) => (l.dropout > 0 ? dropoutMask(rng, batch, l.inSize, l.dropout) : undefined)),
            recurrent: this.layout.decoder.map((l) => (l.recurrentDropout > 0 ? dropoutMask(rng, batch, l.units, l.recurrentDropout) : undefined)),
          }
        : undefined;
    if (ratio >= 1 && targets) return this.teacherForced(state, targets, masks, captured, opts.capture === true);
    // Teacher inputs (for scheduled sampling): START, then the targets shifted right by one.
    let teacher: tf.Tensor2D[] | undefined;
    if (targets && ratio > 0) teacher = unstackSteps(tf.transpose(this.embed(this.shiftRight(targets), 'dec'), [1, 0, 2]) as tf.Tensor3D);
    const startInput = teacher ? (teacher[0] as tf.Tensor2D) : (this.embed(tf.fill([batch], s2s.startId, 'int32'), 'dec') as tf.Tensor2D);
    const logits: tf.Tensor2D[] = [];
    const attn: tf.Tensor2D[] = [];
    let st = state;
    for (let t = 0; t < steps; t++) {
      let input: tf.Tensor2D;
      if (t === 0) input = startInput;
      else {
        // The previous prediction as plain ids: no gradient flows through an argmax (and the
        // embedding's custom gradient must not be asked for one with respect to integer ids).
        const prevIds = tf.tensor1d(tf.argMax(logits[t - 1] as tf.Tensor2D, 1).dataSync() as Int32Array, 'int32');
        const own = this.embed(prevIds, 'dec') as tf.Tensor2D;
        if (ratio <= 0 || !teacher) input = own;
        else {
          // Scheduled sampling: per example, the true token with probability `ratio`.
          const pick = new Float32Array(batch);
          for (let b = 0; b < batch; b++) pick[b] = (rng as Rng).next() < ratio ? 1 : 0;
          const m = tf.tensor2d(pick, [batch, 1]);
          input = tf.add(tf.mul(m, teacher[t] as tf.Tensor2D), tf.mul(tf.sub(1, m), own)) as tf.Tensor2D;
        }
      }
      const r = this.decoderStep(st, input, masks, opts.capture === true);
      st = { ...st, h: r.h, c: r.c };
      logits.push(r.logits);
      if (r.attention) attn.push(r.attention);
    }
    const output = tf.stack(logits, 1);
    const result: ForwardResult = { output };
    if (opts.capture) {
      result.captured = captured;
      if (attn.length > 0) result.attention = tf.stack(attn, 1) as tf.Tensor3D;
    }
    return result;
  }

  /** [START, y_0, …, y_{T-2}]: what the decoder reads under teacher forcing. */
  private shiftRight(targets: tf.Tensor): tf.Tensor2D {
    const [batch, steps] = targets.shape as [number, number];
    return tf.concat([tf.fill([batch, 1], this.spec.seq2seq?.startId ?? 1, 'int32'), tf.slice(targets, [0, 0], [batch, steps - 1])], 1) as tf.Tensor2D;
  }

  /**
   * Pure teacher forcing, computed layer by layer over the whole target sequence (the inputs are
   * known in advance and attention does not feed back into the recurrence), with attention and the
   * output layer as one batched product over all steps: the same numbers as stepping, far fewer ops.
   */
  private teacherForced(state: DecoderState, targets: tf.Tensor, masks: StepMasks | undefined, captured: CapturedSlot[], capture: boolean): ForwardResult {
    const { layout } = this;
    let seq = this.embed(this.shiftRight(targets), 'dec') as tf.Tensor3D;
    layout.decoder.forEach((layer, i) => {
      const res = runMaskedDirection(
        layout.cell,
        layer.units,
        { kernel: this.w(layer.k) as tf.Tensor as tf.Tensor2D, recurrentKernel: this.w(layer.r) as tf.Tensor as tf.Tensor2D, bias: this.w(layer.b) as tf.Tensor as tf.Tensor1D },
        seq,
        { reverse: false, initH: state.h[i], initC: state.c[i], inputMask: masks?.input[i], recurrentMask: masks?.recurrent[i], capture: false },
      );
      seq = res.sequence;
    });
    const [batch, steps, width] = seq.shape;
    let top: tf.Tensor3D = seq;
    let attention: tf.Tensor3D | undefined;
    if (layout.attention !== 'none') {
      // scores [B,Td,Ts] = tops · keysᵀ, padding masked; context = weights · memory.
      const scores = tf.add(tf.matMul(seq, state.keys, false, true), tf.expandDims(state.maskAdd, 1));
      const a = tf.softmax(scores) as tf.Tensor3D;
      const context = tf.matMul(a, state.memory);
      const both = tf.reshape(tf.concat([context, seq], 2), [batch * steps, 2 * width]);
      top = tf.reshape(tf.tanh(tf.matMul(both, this.w(layout.attnC) as tf.Tensor as tf.Tensor2D)), [batch, steps, width]);
      if (capture) attention = a;
    }
    const logits = tf.reshape(
      tf.add(tf.matMul(tf.reshape(top, [batch * steps, width]), this.w(layout.dense.k) as tf.Tensor as tf.Tensor2D), this.w(layout.dense.b)),
      [batch, steps, layout.vocabSize],
    );
    const result: ForwardResult = { output: logits };
    if (capture) {
      result.captured = captured;
      if (attention) result.attention = attention;
    }
    return result;
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
    throw new Error(SEQ2SEQ_EXPORT_UNSUPPORTED);
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

export const SEQ2SEQ_EXPORT_UNSUPPORTED =
  'a seq2seq model is not one tfjs-layers model (it is not supported yet as one file): an encoder–decoder is two models with a decode loop between them; `seqlab export RUN --out DIR` writes encoder/, a one-step decoder/ and vocab.json';

export function buildSeq2seqModel(spec: ModelSpec): Seq2seqModel {
  return new Seq2seqModel(spec);
}
