/**
 * Export to the tfjs-layers format (model.json + weights.bin), loadable by `tf.loadLayersModel`
 * with the same predictions as the engine. Built by hand from the layout (no tfjs-layers import
 * in product code). Facts of tfjs-layers 4.22 it respects: GRU exists only as reset_after: false,
 * and LSTM/GRU default to hard_sigmoid, so `recurrent_activation: "sigmoid"` is written out.
 * Classification and sequence heads get `activation: "softmax"`: the loaded model predicts
 * probabilities, while the engine's forward returns logits (softmax(logits) = prediction).
 * One-hot token input is exported as an Embedding whose table is the identity matrix.
 */

import { concat } from '../util/typed-arrays';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LayersArtifacts, ModelSpec, NamedArray, SeqModel } from './types';
import { modelLayout, type ModelLayout, type RecurrentLayerLayout } from './layout';

const TFJS_LAYERS_VERSION = '4.22.0';

const zeros = { class_name: 'Zeros', config: {} };
const glorot = { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } };
const orthogonal = { class_name: 'Orthogonal', config: { gain: 1, seed: null } };

function rnnLayerConfig(layout: ModelLayout, l: RecurrentLayerLayout, returnSequences: boolean): object {
  const cls = layout.cell.kerasClass;
  const config: Record<string, unknown> = {
    name: l.innerName,
    trainable: true,
    units: l.units,
    activation: 'tanh',
    use_bias: true,
    kernel_initializer: glorot,
    recurrent_initializer: orthogonal,
    bias_initializer: zeros,
    kernel_regularizer: null,
    recurrent_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    recurrent_constraint: null,
    bias_constraint: null,
    dropout: l.dropout,
    recurrent_dropout: l.recurrentDropout,
    return_sequences: returnSequences,
    return_state: false,
    go_backwards: false,
    stateful: false,
    unroll: false,
  };
  if (cls !== 'SimpleRNN') {
    config.recurrent_activation = 'sigmoid';
    config.implementation = null;
  }
  if (cls === 'LSTM') config.unit_forget_bias = null;
  if (cls === 'GRU') config.reset_after = false;
  return { class_name: cls, config };
}

function withInputShape(layer: { class_name: string; config: Record<string, unknown> }, shape: Array<number | null>, dtype: string) {
  layer.config.batch_input_shape = shape;
  layer.config.dtype = dtype;
  return layer;
}

export function layersTopology(spec: ModelSpec, layout: ModelLayout = modelLayout(spec)): object {
  const layers: Array<{ class_name: string; config: Record<string, unknown> }> = [];
  if (layout.tokens) {
    layers.push(
      withInputShape(
        {
          class_name: 'Embedding',
          config: {
            name: 'embedding',
            trainable: layout.tokens.trainable,
            input_dim: layout.tokens.vocabSize,
            output_dim: layout.tokens.dim,
            embeddings_initializer: { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } },
            embeddings_regularizer: null,
            activity_regularizer: null,
            embeddings_constraint: null,
            mask_zero: null,
            input_length: null,
          },
        },
        [null, null],
        'float32',
      ),
    );
  }
  layout.layers.forEach((l, i) => {
    const returnSequences = i < layout.layers.length - 1 || spec.head.kind === 'sequence';
    const rnn = rnnLayerConfig(layout, l, returnSequences) as { class_name: string; config: Record<string, unknown> };
    const layer = l.bidirectional
      ? { class_name: 'Bidirectional', config: { name: l.name, trainable: true, merge_mode: 'concat', layer: rnn } }
      : rnn;
    layers.push(i === 0 && !layout.tokens ? withInputShape(layer, [null, null, spec.inputSize], 'float32') : layer);
  });
  layers.push({
    class_name: 'Dense',
    config: {
      name: 'dense',
      trainable: true,
      units: layout.dense.outSize,
      activation: spec.head.kind === 'regression' ? 'linear' : 'softmax',
      use_bias: true,
      kernel_initializer: glorot,
      bias_initializer: zeros,
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    },
  });
  return {
    class_name: 'Sequential',
    config: { name: 'sequential', layers },
    keras_version: `tfjs-layers ${TFJS_LAYERS_VERSION}`,
    backend: 'tensor_flow.js',
  };
}

/** The exported weights in Keras order: the model's weights plus the one-hot identity table if any. */
function exportedWeights(layout: ModelLayout, weights: NamedArray[]): NamedArray[] {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const out: NamedArray[] = [];
  if (layout.tokens && !layout.tokens.trainable) {
    const n = layout.tokens.vocabSize;
    const eye = new Float32Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    out.push({ name: 'embedding/embeddings', shape: [n, n], values: eye });
  }
  for (const w of layout.weights) {
    const v = byName.get(w.name);
    if (!v) throw new Error(`export: weight ${w.name} is missing`);
    out.push(v);
  }
  return out;
}

export function layersArtifacts(spec: ModelSpec, layout: ModelLayout, weights: NamedArray[]): LayersArtifacts {
  const all = exportedWeights(layout, weights);
  const data = concat(all.map((w) => w.values));
  return {
    modelTopology: layersTopology(spec, layout),
    weightSpecs: all.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' as const })),
    weightData: data.buffer,
  };
}

/** model.json's content (topology + manifest pointing at weights.bin). */
export function layersModelJson(model: SeqModel): { modelTopology: object; weightsManifest: object[] } {
  const a = model.toLayersArtifacts();
  return { modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] };
}

/**
 * Writes `dir/model.json` and `dir/weights.bin` (creating `dir`), each via a temp file + rename so
 * a reader never sees half a model. Returns the two paths.
 */
export function saveLayersModel(model: SeqModel, dir: string): { modelJson: string; weightsBin: string } {
  const a = model.toLayersArtifacts();
  fs.mkdirSync(dir, { recursive: true });
  const json = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${TFJS_LAYERS_VERSION}`,
    convertedBy: 'Sequence Lab',
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
  };
  const modelJson = path.join(dir, 'model.json');
  const weightsBin = path.join(dir, 'weights.bin');
  writeAtomic(weightsBin, new Uint8Array(a.weightData));
  writeAtomic(modelJson, JSON.stringify(json, null, 1));
  return { modelJson, weightsBin };
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
