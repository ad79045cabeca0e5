/** Schema of what a run produces besides the weights: `samples:`, `expect:` assertions, `sweep:` grids. */
import type { MetricName } from '../../events';
import { md, SchemaNode } from './helpers';

/** DESIGN.md's metric names, with what each one measures (shown on hover over an `expect:` key). */
const METRIC_TEXT: Record<MetricName, string> = {
  loss: 'Training loss of the last epoch (MSE for regression, cross-entropy in nats for tokens and labels).',
  valLoss: 'The training loss measured on the validation split: MSE, or cross-entropy in nats.',
  valMae: 'Mean absolute error on the validation split, in normalised units.',
  valRmse: 'Root mean squared error on the validation split, in normalised units.',
  valMaeRaw: 'Mean absolute error on the validation split in the data\'s own units (normalisation undone).',
  valRmseRaw: 'Root mean squared error on the validation split in the data\'s own units.',
  valAccuracy: 'Fraction of validation examples classified correctly (or next tokens predicted correctly).',
  valTokenAccuracy: 'Seq2seq: fraction of output tokens that are right, position by position.',
  valExactMatch: 'Seq2seq: fraction of output sequences that are entirely right.',
  valPerplexity: 'exp(valLoss) for token tasks: the effective number of choices the model hesitates between.',
  testLoss: 'The loss on the `testPath` set, evaluated once at the end.',
  testAccuracy: 'Accuracy on the `testPath` set.',
  testMae: 'Mean absolute error on the `testPath` set (normalised units).',
  testRmse: 'Root mean squared error on the `testPath` set (normalised units).',
  testMaeRaw: 'Mean absolute error on the `testPath` set in the data\'s own units.',
  testRmseRaw: 'Root mean squared error on the `testPath` set in the data\'s own units.',
  testTokenAccuracy: 'Seq2seq token accuracy on the `testPath` set.',
  testExactMatch: 'Seq2seq exact-match rate on the `testPath` set.',
  testPerplexity: 'Perplexity on the `testPath` set.',
};

export const METRIC_NAMES = Object.keys(METRIC_TEXT) as MetricName[];

/** The four `expect:` forms of DESIGN.md. */
export const EXPECT_FORMS = ['below', 'above', 'belowBaseline', 'aboveBaseline'] as const;

function expectRule(metric: MetricName): SchemaNode {
  return {
    type: ['object', 'null'],
    markdownDescription: md(
      `**${metric}**: ${METRIC_TEXT[metric]}`,
      'Give exactly one of `below`, `above`, `belowBaseline`, `aboveBaseline`. The value checked is the ' +
        'one the run ends with (as in `summary.json`); `null` removes a rule set by a base file.',
    ),
    default: null,
    minProperties: 1,
    maxProperties: 1,
    additionalProperties: false,
    properties: {
      below: {
        type: 'number',
        markdownDescription: 'Holds when the metric is below this value.',
      },
      above: {
        type: 'number',
        markdownDescription: 'Holds when the metric is above this value.',
      },
      belowBaseline: {
        type: 'number',
        exclusiveMinimum: 0,
        markdownDescription:
          'Holds when metric ≤ r × baseline, i.e. the model beats the task\'s trivial baseline by a factor: ' +
          '`0.5` means at most half the baseline\'s error.',
      },
      aboveBaseline: {
        type: 'number',
        markdownDescription:
          'Holds when metric ≥ baseline + m: for accuracies, the model beats the baseline by margin m.',
      },
    },
  };
}

export const samplesSchema: SchemaNode = {
  type: 'object',
  markdownDescription:
    'Sample outputs recorded during training (`samples.jsonl`), so you see **what** the model predicts, ' +
    'not only how large its loss is: forecasts over the true series, generated text, decoded sequences.',
  default: {},
  additionalProperties: false,
  properties: {
    every: {
      type: 'integer',
      minimum: 1,
      markdownDescription: 'Record samples every this many epochs (the last epoch always records).',
      default: 1,
    },
    count: {
      type: 'integer',
      minimum: 0,
      markdownDescription: 'How many samples each time. `0` turns samples off.',
      default: 3,
    },
    temperatures: {
      type: 'array',
      minItems: 1,
      markdownDescription:
        'Sampling temperatures for generated text and notes: the logits are divided by T before the ' +
        'softmax. Below 1 sharpens towards the likeliest token (safe, repetitive); above 1 flattens the ' +
        'distribution (varied, more mistakes). One sample set per temperature.',
      default: [1],
      items: {
        type: 'number',
        exclusiveMinimum: 0,
        markdownDescription: 'A temperature, greater than 0.',
        default: 1,
      },
    },
    topK: {
      type: ['integer', 'null'],
      minimum: 1,
      markdownDescription:
        'Sample only among the k likeliest tokens, cutting off the long tail of unlikely ones. `null` ' +
        '(the default): all tokens.',
      default: null,
    },
    beamWidth: {
      type: ['integer', 'null'],
      minimum: 1,
      markdownDescription: md(
        '`seq2seq` samples: also decode each sample with **beam search** of this width. Greedy decoding takes ' +
          'the likeliest token at each step and can never undo a choice; beam search keeps the `beamWidth` ' +
          'likeliest partial outputs at every step and returns the likeliest complete one, which can differ.',
        '`null` (the default): greedy only. Metrics always use greedy decoding.',
      ),
      default: null,
    },
  },
};

export const expectSchema: SchemaNode = {
  type: 'object',
  markdownDescription: md(
    'Assertions on the final metrics: `seqlab train` exits 1 when one does not hold, which turns an ' +
      'experiment into a **learning test** for CI. Keys are metric names, e.g.',
    '```yaml\nexpect:\n  valLoss: {belowBaseline: 0.5}\n  valAccuracy: {above: 0.9}\n```',
  ),
  default: {},
  additionalProperties: false,
  properties: Object.fromEntries(METRIC_NAMES.map((m) => [m, expectRule(m)])),
};

export const sweepSchema: SchemaNode = {
  type: ['object', 'null'],
  markdownDescription: md(
    'A grid over any key paths (written as in `--set`): every combination of the listed values is its ' +
      'own run, so comparisons differ in exactly the keys you chose. `null` (the default): a single run.',
    '```yaml\nsweep:\n  model.type: [rnn, lstm, gru]\n  training.clipNorm: [null, 1.0]\n```',
  ),
  default: null,
  additionalProperties: {
    type: 'array',
    minItems: 1,
    markdownDescription: 'The values this key takes across the sweep.',
  },
};
