/**
 * The experiment-file JSON Schema: the single source of truth for keys, types, defaults and the
 * hover/completion text. `npm run gen:schema` writes it to schemas/experiment.schema.json and compiles
 * the standalone validator next to this folder; tests fail when either is stale.
 */
import { dataSchema } from './data';
import { enumOf, md, RootSchema } from './helpers';
import { modelSchema } from './model';
import { expectSchema, samplesSchema, sweepSchema } from './outputs';
import { trainingSchema } from './training';

export type { SchemaNode, RootSchema } from './helpers';
export { FILE_KINDS, SERIES_KINDS, TOY_KINDS } from './data';
export { METRIC_NAMES, EXPECT_FORMS } from './outputs';

export const experimentSchema: RootSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Sequence Lab experiment',
  type: 'object',
  markdownDescription: md(
    'A **Sequence Lab experiment**: the data, the recurrent model and how to train it. Every key has a ' +
      'default, so a file only says what differs. Train it with `seqlab train FILE` or the **Train** ' +
      'CodeLens; check it with `seqlab validate FILE`.',
  ),
  default: {},
  additionalProperties: false,
  properties: {
    name: {
      type: ['string', 'null'],
      minLength: 1,
      markdownDescription:
        'A short name shown in the dashboard, the run list and run ids. `null` (the default): the file ' +
        'name without `.seqlab.yaml`.',
      default: null,
    },
    extends: {
      type: ['string', 'null'],
      minLength: 1,
      markdownDescription: md(
        'A base experiment file whose keys this file overrides, relative to this file\'s folder. Maps are ' +
          'merged key by key, lists (like `model.layers`) are replaced whole, and `null` turns a base ' +
          'value off. A base may extend another base; a cycle is an error.',
      ),
      default: null,
    },
    seed: {
      type: 'integer',
      minimum: 0,
      markdownDescription:
        'Seed of the random number generator behind weight initialisation, synthetic data, shuffling and ' +
        'dropout. The same config and seed give the same first losses on the same backend, so a difference ' +
        'between two runs comes from what you changed.',
      default: 42,
    },
    backend: {
      type: 'string',
      markdownDescription:
        'Where the tensor maths runs. The run header and `meta.json` say which backend ran and why a ' +
        'faster one did not load.',
      default: 'auto',
      ...enumOf([
        ['auto', 'Try `tensorflow`, then `wasm`, then `cpu`, and say which one runs and why the better ones did not.'],
        [
          'tensorflow',
          'Native libtensorflow through the optional `@tensorflow/tfjs-node` addon: the fastest. If it ' +
            'cannot load, the run stops with the reason instead of silently falling back.',
        ],
        [
          'wasm',
          'TensorFlow.js\'s WebAssembly backend (SIMD where the CPU has it): portable and several times ' +
            'faster than `cpu`.',
        ],
        ['cpu', 'Pure JavaScript kernels: always available, the slowest. Fine for tiny models and numerical checks.'],
      ]),
    },
    data: dataSchema,
    model: modelSchema,
    training: trainingSchema,
    samples: samplesSchema,
    expect: expectSchema,
    sweep: sweepSchema,
  },
};
