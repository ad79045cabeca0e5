/**
 * Shared test helpers for the engine tests: a fully resolved ExperimentConfig built in code (so the
 * trainer and data tests do not depend on the YAML loader), with deep overrides.
 */
import type { ExperimentConfig } from '../../../src/core/config/types';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

export function testConfig(over: DeepPartial<ExperimentConfig> = {}): ExperimentConfig {
  const base: ExperimentConfig = {
    name: 'test',
    seed: 7,
    backend: 'cpu',
    data: {
      kind: 'noisy-sine',
      normalize: 'zscore',
      missing: 'error',
      window: 12,
      horizon: 1,
      split: { train: 0.8, val: 0.2 },
      length: 300,
      noise: 0.05,
      size: 1000,
      minLength: 5,
      maxLength: 10,
      vocabSize: 10,
      tokens: 'char',
      features: 'logmel',
    },
    model: {
      type: 'rnn',
      cell: 'rnn',
      layers: [{ units: 8, dropout: 0, recurrentDropout: 0, bidirectional: false }],
      init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 1, forgetBias: 1 },
    },
    training: {
      epochs: 2,
      batchSize: 16,
      optimizer: { name: 'adam', learningRate: 0.01, momentum: 0 },
      kernel: 'auto',
    },
    samples: { every: 1, count: 2, temperatures: [1] },
    expect: {},
  };
  return merge(base, over) as ExperimentConfig;
}

function merge(a: unknown, b: unknown): unknown {
  if (b === undefined) return a;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = merge(out[k], v);
    return out;
  }
  return b;
}

import * as tf from '@tensorflow/tfjs-core';
import { buildDataset, type Dataset } from '../../../src/core/data';
import { buildModel, type BuildOptions } from '../../../src/core/models';
import type { SeqModel } from '../../../src/core/models/types';
import { modelSpecFor, train, type TrainOptions, type TrainOutcome } from '../../../src/core/train';
import type { TrainEvent } from '../../../src/core/events';
import { Rng } from '../../../src/core/util/rng';

export interface Trained {
  outcome: TrainOutcome;
  events: TrainEvent[];
  model: SeqModel;
  ds: Dataset;
  tensorsBefore: number;
}

/** Builds data and model from `cfg` and trains; the caller disposes `model`. */
export async function trainConfig(
  cfg: ExperimentConfig,
  extra: Partial<TrainOptions> & { onEvent?: (e: TrainEvent) => void; buildOptions?: BuildOptions } = {},
): Promise<Trained> {
  const rng = new Rng(cfg.seed);
  const ds = buildDataset(cfg, rng.fork(), '.');
  const model = buildModel(modelSpecFor(cfg, ds), extra.buildOptions);
  const tensorsBefore = tf.memory().numTensors;
  const events: TrainEvent[] = [];
  const { buildOptions: _b, onEvent: _o, ...trainExtra } = extra;
  const outcome = await train({
    config: cfg,
    dataset: ds,
    model,
    rng: rng.fork(),
    emit: (e) => {
      events.push(e);
      extra.onEvent?.(e);
    },
    ...trainExtra,
  });
  return { outcome, events, model, ds, tensorsBefore };
}

export function ofType<K extends TrainEvent['type']>(events: TrainEvent[], type: K): Array<Extract<TrainEvent, { type: K }>> {
  return events.filter((e): e is Extract<TrainEvent, { type: K }> => e.type === type);
}
