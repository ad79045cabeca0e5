/**
 * Export a trained seq2seq model as TWO tfjs-layers models plus a vocabulary:
 *
 *   encoder/  inputs  source ids [B,Ts] (PAD = 0 is masked by the Embedding's mask_zero)
 *             outputs [memory [B,Ts,D_top],] h_1[, c_1], h_2[, c_2], …  (the decoder's initial states;
 *             memory only when attention is on)
 *   decoder/  ONE step. inputs  previous token id [B,1], h_1[, c_1], …[, memory [B,Ts,D_top],
 *                               attention_bias [B,Ts] (0 on real source steps, −1e9 on padding)]
 *             outputs logits [B,V], new h_1[, c_1], …[, attention weights [B,Ts]]
 *   vocab.json  { padId, startId, endId, unkId, tokens, … }
 *
 * Built with the tfjs-layers functional API, so `tf.loadLayersModel` reads them back as they are.
 * Facts of tfjs-layers 4.22 respected (DESIGN.md): LSTM/GRU say `recurrent_activation: sigmoid`
 * (their default is hard_sigmoid), the GRU is the reset_after: false form (the form the engine
 * trains), and the weights keep Keras's layout and gate order (the engine's own layout).
 *
 * The engine's masked encoder carries the state over padding; an Embedding with mask_zero does the
 * same in tfjs-layers (forward and backward directions), which is why PAD must be id 0.
 * Synchronous: the topology comes from `model.toJSON` and the weights from the layer variables, in
 * the order and with the names `LayersModel.save` would write.
 */
import { concat } from '../../util/typed-arrays';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelSpec, NamedArray } from '../types';
import type { S2SLayout } from './layout';

const TFJS_LAYERS_VERSION = '4.22.0';

export interface Seq2seqExportVocab {
  padId: number;
  startId: number;
  endId: number;
  unkId: number;
  tokens: string[];
  /** How tokens join into text: '' for characters, ' ' for words. */
  join: string;
  /** The longest output the model was trained to write (the decode loop's step limit). */
  targetSteps: number;
}

export interface LayersModelFiles {
  /** model.json's content. */
  json: object;
  /** weights.bin's bytes. */
  weightData: ArrayBuffer;
}

export interface Seq2seqExport {
  encoder: LayersModelFiles;
  decoder: LayersModelFiles;
  /** Names of the decoder's inputs and outputs, in order (also written into vocab.json). */
  io: { encoderOutputs: string[]; decoderInputs: string[]; decoderOutputs: string[] };
}

type Sym = tfl.SymbolicTensor;

// Every weight is overwritten with the trained one, so the layers start from zeros: no random or
// orthogonal initialiser runs (tfjs-layers' Orthogonal also needs tfjs-core's chained ops, which a
// bundle without @tensorflow/tfjs does not register).
const ZERO_INIT = { kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'zeros' } as const;

const ZERO_INIT_DENSE = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;

function rnnLayer(layout: S2SLayout, name: string, units: number, o: { returnSequences: boolean }): tfl.RNN {
  const base = { name, units, returnSequences: o.returnSequences, returnState: true, activation: 'tanh' as const, ...ZERO_INIT };
  switch (layout.cell.kerasClass) {
    case 'LSTM':
      return tfl.layers.lstm({ ...base, recurrentActivation: 'sigmoid' });
    case 'GRU':
      return tfl.layers.gru({ ...base, recurrentActivation: 'sigmoid' });
    case 'SimpleRNN':
      return tfl.layers.simpleRNN(base);
    default:
      throw new Error(`seq2seq export: unknown cell class ${layout.cell.kerasClass}`);
  }
}

function embeddingLayer(layout: S2SLayout, name: string, maskZero: boolean): tfl.layers.Layer {
  return tfl.layers.embedding({ name, inputDim: layout.vocabSize, outputDim: layout.featureSize, maskZero, trainable: true, embeddingsInitializer: 'zeros' });
}

function identity(n: number): Float32Array {
  const eye = new Float32Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return eye;
}

/** Sets a layer's weights from engine arrays (by index into the layout), shapes checked by tfjs. */
function setFrom(layer: tfl.layers.Layer, values: Float32Array[]): void {
  const current = layer.getWeights();
  if (current.length !== values.length) throw new Error(`seq2seq export: layer ${layer.name} has ${current.length} weights, got ${values.length}`);
  const ts = values.map((v, i) => tf.tensor(v, (current[i] as tf.Tensor).shape, 'float32'));
  layer.setWeights(ts);
  // getWeights() returns the variables' own values: dispose only the copies made here.
  tf.dispose(ts);
}

function stateNames(layout: S2SLayout): string[] {
  return layout.decoder.flatMap((_l, i) => (layout.cell.hasCell ? [`h_${i + 1}`, `c_${i + 1}`] : [`h_${i + 1}`]));
}

function buildEncoder(layout: S2SLayout, padId: number, value: (i: number | undefined) => Float32Array): { model: tfl.LayersModel; outputs: string[] } {
  const ids = tfl.input({ shape: [null], dtype: 'int32', name: 'source_ids' });
  const emb = embeddingLayer(layout, 'encoder_embedding', padId === 0);
  let seq = emb.apply(ids) as Sym;
  const states: Sym[] = [];
  const todo: Array<() => void> = [];
  todo.push(() => setFrom(emb, [layout.encEmbedding === undefined ? identity(layout.vocabSize) : value(layout.encEmbedding)]));
  for (const layer of layout.encoder) {
    const perState = layout.cell.hasCell ? 2 : 1;
    if (layer.directions.length === 2) {
      const inner = rnnLayer(layout, layer.name, layer.units, { returnSequences: true });
      const bi = tfl.layers.bidirectional({ layer: inner, mergeMode: 'concat', name: layer.name }) as tfl.layers.Layer;
      const out = bi.apply(seq) as Sym[];
      seq = out[0] as Sym;
      // [output, forward states…, backward states…] → per state [forward ; backward], as the engine hands over.
      for (let s = 0; s < perState; s++) {
        states.push(tfl.layers.concatenate({ axis: -1, name: `${layer.name}_state_${s + 1}` }).apply([out[1 + s] as Sym, out[1 + perState + s] as Sym]) as Sym);
      }
      todo.push(() => setFrom(bi, layer.directions.flatMap((d) => [value(d.k), value(d.r), value(d.b)])));
    } else {
      const rnn = rnnLayer(layout, layer.name, layer.units, { returnSequences: true });
      const out = rnn.apply(seq) as Sym[];
      seq = out[0] as Sym;
      for (let s = 0; s < perState; s++) states.push(out[1 + s] as Sym);
      const d = layer.directions[0];
      if (!d) throw new Error(`seq2seq export: ${layer.name} has no direction`);
      todo.push(() => setFrom(rnn, [value(d.k), value(d.r), value(d.b)]));
    }
  }
  const withMemory = layout.attention !== 'none';
  const model = tfl.model({ inputs: ids, outputs: withMemory ? [seq, ...states] : states, name: 'encoder' });
  for (const f of todo) f();
  return { model, outputs: [...(withMemory ? ['memory'] : []), ...stateNames(layout)] };
}

function buildDecoder(layout: S2SLayout, value: (i: number | undefined) => Float32Array): { model: tfl.LayersModel; inputs: string[]; outputs: string[] } {
  const prev = tfl.input({ shape: [1], dtype: 'int32', name: 'previous_token' });
  const names = stateNames(layout);
  const stateInputs = layout.decoder.flatMap((l, i) =>
    (layout.cell.hasCell ? [`h_${i + 1}`, `c_${i + 1}`] : [`h_${i + 1}`]).map((n) => tfl.input({ shape: [l.units], name: `decoder_${n}` })),
  );
  const perState = layout.cell.hasCell ? 2 : 1;
  const todo: Array<() => void> = [];
  const emb = embeddingLayer(layout, 'decoder_embedding', false);
  todo.push(() => setFrom(emb, [layout.decEmbedding === undefined ? identity(layout.vocabSize) : value(layout.decEmbedding)]));
  let x = emb.apply(prev) as Sym; // [B,1,F]: a sequence of one step
  const newStates: Sym[] = [];
  layout.decoder.forEach((layer, i) => {
    const rnn = rnnLayer(layout, layer.name, layer.units, { returnSequences: true });
    const init = stateInputs.slice(i * perState, (i + 1) * perState);
    const out = rnn.apply(x, { initialState: init }) as Sym[];
    x = out[0] as Sym;
    newStates.push(...(out.slice(1) as Sym[]));
    todo.push(() => setFrom(rnn, [value(layer.k), value(layer.r), value(layer.b)]));
  });
  const top = layout.decoder.at(-1)?.units as number;
  let h = tfl.layers.reshape({ targetShape: [top], name: 'decoder_top' }).apply(x) as Sym;
  const inputs: Sym[] = [prev, ...stateInputs];
  const inputNames = ['previous_token', ...names];
  const extraOutputs: Sym[] = [];
  if (layout.attention !== 'none') {
    const memory = tfl.input({ shape: [null, top], name: 'memory' });
    const bias = tfl.input({ shape: [null], name: 'attention_bias' });
    inputs.push(memory, bias);
    inputNames.push('memory', 'attention_bias');
    // score_s = h·(W_a e_s) = (h W_a)·e_s: `general` projects the query instead of every key.
    let query = h;
    if (layout.attention === 'general') {
      const wa = tfl.layers.dense({ units: top, useBias: false, name: 'attention_query', kernelInitializer: 'zeros' });
      query = wa.apply(h) as Sym;
      todo.push(() => setFrom(wa, [value(layout.attnW)]));
    }
    const scores = tfl.layers.dot({ axes: [2, 1], name: 'attention_scores' }).apply([memory, query]) as Sym;
    const masked = tfl.layers.add({ name: 'attention_masked' }).apply([scores, bias]) as Sym;
    const weights = tfl.layers.softmax({ name: 'attention_weights' }).apply(masked) as Sym;
    const context = tfl.layers.dot({ axes: [1, 1], name: 'attention_context' }).apply([weights, memory]) as Sym;
    const both = tfl.layers.concatenate({ axis: -1, name: 'attention_concat' }).apply([context, h]) as Sym;
    const wc = tfl.layers.dense({ units: top, useBias: false, activation: 'tanh', name: 'attention_output', kernelInitializer: 'zeros' });
    h = wc.apply(both) as Sym;
    todo.push(() => setFrom(wc, [value(layout.attnC)]));
    extraOutputs.push(weights);
  }
  const dense = tfl.layers.dense({ units: layout.vocabSize, name: 'dense', ...ZERO_INIT_DENSE });
  const logits = dense.apply(h) as Sym;
  todo.push(() => setFrom(dense, [value(layout.dense.k), value(layout.dense.b)]));
  const model = tfl.model({ inputs, outputs: [logits, ...newStates, ...extraOutputs], name: 'decoder' });
  for (const f of todo) f();
  return { model, inputs: inputNames, outputs: ['logits', ...names, ...(extraOutputs.length > 0 ? ['attention'] : [])] };
}

/** GRU configs say reset_after: false outright (the only form tfjs-layers has; PyTorch's is the other). */
function markGru(node: unknown): void {
  if (Array.isArray(node)) node.forEach(markGru);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.class_name === 'GRU' && o.config && typeof o.config === 'object') (o.config as Record<string, unknown>).reset_after = false;
    for (const v of Object.values(o)) markGru(v);
  }
}

/** model.json + weights.bin of a built model, as `LayersModel.save` writes them (weights by original name). */
function filesOf(model: tfl.LayersModel): LayersModelFiles {
  // A recurrent layer applied with `initialState` keeps those symbolic tensors in its call
  // arguments; they are already the node's extra inputs (which is how tfjs-layers reloads them), so
  // drop the copy that toJSON cannot serialise and would warn about on the console.
  for (const layer of model.layers) {
    for (const node of layer.inboundNodes) {
      if (node.callArgs && 'initialState' in node.callArgs) node.callArgs = {};
    }
  }
  const topology = model.toJSON(undefined, false) as object;
  markGru(topology);
  const specs: Array<{ name: string; shape: number[]; dtype: 'float32' }> = [];
  const parts: Float32Array[] = [];
  for (const w of model.weights) {
    const t = w.read();
    specs.push({ name: w.originalName, shape: [...t.shape], dtype: 'float32' });
    parts.push(t.dataSync() as Float32Array);
  }
  const data = concat(parts);
  const json = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${TFJS_LAYERS_VERSION}`,
    convertedBy: 'Sequence Lab',
    modelTopology: topology,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  return { json, weightData: data.buffer };
}

/** Builds both models from the engine's layout and weights (by name), and returns their files. */
export function seq2seqLayersExport(spec: ModelSpec, layout: S2SLayout, weights: NamedArray[]): Seq2seqExport {
  const s2s = spec.seq2seq;
  if (!s2s) throw new Error('seq2seq export: spec.seq2seq is missing');
  if (s2s.padId !== 0) throw new Error(`seq2seq export: the padding id must be 0 for the Embedding's mask_zero (it is ${s2s.padId})`);
  const byName = new Map(weights.map((w) => [w.name, w]));
  const value = (i: number | undefined): Float32Array => {
    const w = i === undefined ? undefined : layout.weights[i];
    const v = w ? byName.get(w.name) : undefined;
    if (!w || !v) throw new Error(`seq2seq export: weight ${w?.name ?? `#${String(i)}`} is missing`);
    return v.values;
  };
  const enc = buildEncoder(layout, s2s.padId, value);
  try {
    const dec = buildDecoder(layout, value);
    try {
      return {
        encoder: filesOf(enc.model),
        decoder: filesOf(dec.model),
        io: { encoderOutputs: enc.outputs, decoderInputs: dec.inputs, decoderOutputs: dec.outputs },
      };
    } finally {
      dec.model.dispose();
    }
  } finally {
    enc.model.dispose();
  }
}
