/** Schema of the `training:` section: the optimisation loop and its safety nets. */
import { enumOf, md, SchemaNode } from './helpers';

const optimizer: SchemaNode = {
  type: 'object',
  markdownDescription: 'The update rule that turns gradients into weight changes.',
  default: { name: 'adam', learningRate: 0.001 },
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      markdownDescription: 'Which optimiser.',
      default: 'adam',
      ...enumOf([
        [
          'adam',
          '**Adam**: per-weight step sizes from running averages of the gradient and of its square. Robust ' +
            'to badly scaled gradients; the usual first choice (learning rate around 0.001).',
        ],
        [
          'sgd',
          '**Stochastic gradient descent**: w ← w − lr·g, with optional `momentum`. Simple and transparent; ' +
            'shows most clearly what an exploding gradient does to the weights.',
        ],
        [
          'rmsprop',
          '**RMSProp**: divides each gradient by a running average of its magnitude. The classic choice for ' +
            'recurrent networks before Adam.',
        ],
      ]),
    },
    learningRate: {
      type: 'number',
      exclusiveMinimum: 0,
      markdownDescription:
        'Step size of each update. Too large and the loss jumps around or diverges to NaN; too small and ' +
        'training crawls. Typical: 0.001 for Adam and RMSProp, 0.01–0.1 for SGD.',
      default: 0.001,
    },
    momentum: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
      markdownDescription:
        'Momentum of `sgd` and `rmsprop`: the fraction of the previous update carried into the next, which ' +
        'smooths noisy gradients. `0`: none. Adam has its own.',
      default: 0,
    },
  },
};

const schedule: SchemaNode = {
  type: ['object', 'null'],
  markdownDescription:
    'How the learning rate changes over the epochs (each step record shows the current `lr`). `null` ' +
    '(the default): constant.',
  default: null,
  additionalProperties: false,
  properties: {
    kind: {
      type: 'string',
      markdownDescription: 'The shape of the schedule.',
      default: 'constant',
      ...enumOf([
        ['constant', 'Keep `learningRate` throughout (after the warm-up, if any).'],
        ['step', 'Multiply the rate by `gamma` every `everyEpochs` epochs.'],
        [
          'cosine',
          'Lower the rate along half a cosine from `learningRate` to `learningRate × minFactor` at the last epoch.',
        ],
        ['exponential', 'Multiply the rate by `gamma` after every epoch.'],
      ]),
    },
    gamma: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
      markdownDescription: 'Decay factor of `step` and `exponential` schedules.',
      default: 0.5,
    },
    everyEpochs: {
      type: 'integer',
      minimum: 1,
      markdownDescription: 'Epochs between decays of a `step` schedule.',
      default: 10,
    },
    minFactor: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      markdownDescription: 'Final rate of a `cosine` schedule as a fraction of `learningRate`.',
      default: 0.01,
    },
    warmupEpochs: {
      type: 'integer',
      minimum: 0,
      markdownDescription:
        'Epochs of linear warm-up from a small rate to `learningRate` before the schedule starts; avoids ' +
        'large first steps while Adam\'s statistics are still poor. `0`: none.',
      default: 0,
    },
  },
};

export const trainingSchema: SchemaNode = {
  type: 'object',
  markdownDescription:
    'The training loop: how long, in what batches, with which optimiser, and the safety nets against ' +
    'exploding gradients and overfitting.',
  default: {},
  additionalProperties: false,
  properties: {
    epochs: {
      type: 'integer',
      minimum: 1,
      markdownDescription: 'Passes over the training data. One line per epoch is printed and charted.',
      default: 20,
    },
    batchSize: {
      type: 'integer',
      minimum: 1,
      markdownDescription:
        'Examples per gradient step. Larger batches give smoother gradient estimates and faster epochs; ' +
        'smaller ones give more (noisier) updates per epoch.',
      default: 64,
    },
    optimizer,
    schedule,
    clipNorm: {
      type: ['number', 'null'],
      exclusiveMinimum: 0,
      markdownDescription: md(
        '**Global-norm gradient clipping**, the standard cure for **exploding gradients**. ' +
          'Backpropagation through time multiplies the gradient by the recurrent weights once per step; ' +
          'when they stretch vectors (largest singular value above 1) the gradient grows exponentially with ' +
          'the window, and a single huge step throws the weights far away: the loss spikes or becomes NaN.',
        'With clipping, whenever the norm ‖g‖ of the whole gradient (all layers together) exceeds ' +
          '`clipNorm`, g is rescaled to g × clipNorm / ‖g‖: the direction is kept, only the step length is ' +
          'capped. Step records show `gradNorm` (before clipping) and `clipped`; try `1.0`.',
        '`null` (the default): no clipping.',
      ),
      default: null,
    },
    clipValue: {
      type: ['number', 'null'],
      exclusiveMinimum: 0,
      markdownDescription:
        'Clip every gradient element to [−clipValue, clipValue]. Cruder than `clipNorm`: it changes the ' +
        'gradient\'s direction. `null` (the default): off.',
      default: null,
    },
    earlyStopping: {
      type: ['object', 'null'],
      markdownDescription:
        'Stop when `valLoss` has not improved for `patience` epochs and **keep the best weights**, so a ' +
        'model that starts to overfit is not the one you get. `null` (the default): train all `epochs`.',
      default: null,
      additionalProperties: false,
      properties: {
        patience: {
          type: 'integer',
          minimum: 1,
          markdownDescription: 'Epochs without improvement to wait before stopping.',
          default: 5,
        },
        minDelta: {
          type: 'number',
          minimum: 0,
          markdownDescription: 'Smallest decrease of `valLoss` that counts as an improvement.',
          default: 0,
        },
      },
    },
    kernel: {
      type: 'string',
      markdownDescription:
        'Which implementation runs the recurrent cells. Both compute the same numbers; `meta.json` ' +
        'records the one that ran so a run can be reproduced on the same path.',
      default: 'auto',
      ...enumOf([
        ['auto', 'The fused kernel where it applies to this model and backend, otherwise `tfjs`; the reason is recorded.'],
        [
          'fused',
          'Sequence Lab\'s own compiled WebAssembly recurrent kernel: the whole time loop in one call, much ' +
            'faster on the `cpu` and `wasm` backends. An error if it cannot run this model.',
        ],
        [
          'tfjs',
          'The cells written with TensorFlow.js tensor operations: runs on every backend (including ' +
            '`tensorflow`) and is the numerical reference.',
        ],
      ]),
    },
    teacherForcing: {
      type: ['object', 'null'],
      markdownDescription: md(
        '**Teacher forcing** for a `seq2seq` decoder: the fraction of decoder steps that are fed the TRUE previous ' +
          'output token during training; the rest are fed the decoder\'s own previous prediction (free running). ' +
          'Pure teacher forcing (1) trains fastest, but at test time the decoder only ever sees its own outputs, ' +
          'so one early mistake can derail the rest (exposure bias). A schedule from `start` to `end` moves ' +
          'training gradually toward free running (scheduled sampling, Bengio et al., 2015).',
        'The ratio goes linearly from `start` at the first epoch to `end` at the last. `null` (the default): ' +
          'always 1 (pure teacher forcing). Ignored unless `model.type: seq2seq`.',
      ),
      default: null,
      additionalProperties: false,
      properties: {
        start: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          markdownDescription: 'Teacher-forcing ratio at the first epoch (1 = always feed the true token).',
          default: 1,
        },
        end: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          markdownDescription: 'Teacher-forcing ratio at the last epoch (0 = always feed the model\'s own prediction).',
          default: 0.5,
        },
      },
    },
  },
};
