/** Schema of the `model:` section: which recurrent cell, how many layers, how the weights start. */
import { enumOf, md, SchemaNode } from './helpers';

const RNN_TEXT =
  '**Simple (Elman) RNN**: h_t = tanh(W_x x_t + W_h h_{t-1} + b). The hidden state h is the network\'s ' +
  'memory of the past. Backpropagation through time multiplies the gradient by W_h (and tanh\') once per ' +
  'step, so over long lags it **vanishes** (or **explodes**): plain RNNs fail on long-term dependencies. ' +
  'Watch it happen in the gradient-through-time chart.';

const LSTM_TEXT =
  '**Long short-term memory** (Hochreiter & Schmidhuber, 1997). Besides the hidden state h it keeps a ' +
  '**cell state** c that is updated by addition, not by a matrix product. Three sigmoid gates, each ' +
  'computed from x_t and h_{t-1}, control it: the **forget gate** f decides how much of the old cell state ' +
  'to keep, the **input gate** i how much of the new candidate g = tanh(...) to write, and the **output ' +
  'gate** o how much of tanh(c) to show as h: c_t = f ⊙ c_{t-1} + i ⊙ g, h_t = o ⊙ tanh(c_t). ' +
  'When f stays near 1, the gradient flows back along c almost unchanged (the "constant error ' +
  'carousel"), so an LSTM remembers across lags of hundreds of steps where a plain RNN forgets. ' +
  'Four weight blocks per layer (Keras gate order i, f, c, o).';

const GRU_TEXT =
  '**Gated recurrent unit** (Cho et al., 2014). An **update gate** z blends the old state with a ' +
  'candidate: h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃_t, and a **reset gate** r decides how much of the past ' +
  'feeds the candidate h̃_t = tanh(W x_t + U (r ⊙ h_{t-1})). With z near 1 the state is copied forward ' +
  'and so is the gradient, which is why a GRU, like an LSTM, bridges long lags. It has no separate cell ' +
  'state and three weight blocks instead of four, so it is lighter than an LSTM.';

const SEQ2SEQ_TEXT =
  '**Sequence to sequence** (encoder–decoder): an encoder RNN reads the whole input and its final state ' +
  'summarises it; a decoder RNN starts from that state and writes the output one token at a time, each ' +
  'step fed the previous token. Input and output may have different lengths (translation, reversing, ' +
  'sorting). Both use the recurrent cell named by `cell`.';

const cellPairs = [
  ['rnn', RNN_TEXT],
  ['lstm', LSTM_TEXT],
  ['gru', GRU_TEXT],
] as const;

const initPairs = [
  [
    'glorotUniform',
    '**Glorot (Xavier) uniform**: uniform in ±√(6 / (fan_in + fan_out)), which keeps the variance of ' +
      'activations and gradients about the same from layer to layer.',
  ],
  [
    'orthogonal',
    'A random **orthogonal** matrix (all singular values 1), times `gain` for recurrent weights. ' +
      'Multiplying by an orthogonal W_h preserves the length of the state and of the gradient, so at the ' +
      'start of training signals neither vanish nor explode through time: the standard choice for ' +
      'recurrent weights.',
  ],
  [
    'normal',
    'Independent Gaussian entries N(0, 1/fan_in) (LeCun normal). The singular values spread out, so some ' +
      'directions shrink and others grow step after step; as recurrent weights this is a way to provoke ' +
      'vanishing or exploding gradients on purpose.',
  ],
] as const;

const layerSchema: SchemaNode = {
  type: 'object',
  markdownDescription: 'One recurrent layer of the stack.',
  default: { units: 64 },
  additionalProperties: false,
  properties: {
    units: {
      type: 'integer',
      minimum: 1,
      markdownDescription:
        'Size of the hidden state h (and of the LSTM cell state c): how much the layer can remember at ' +
        'once. The recurrent weights have units² entries per gate, so cost grows quadratically.',
      default: 64,
    },
    dropout: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
      markdownDescription:
        'Fraction of the layer\'s **inputs** zeroed at random during training, a regulariser against ' +
        'overfitting (the network cannot rely on any single feature). `0` turns it off.',
      default: 0,
    },
    recurrentDropout: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
      markdownDescription:
        'Fraction of the **recurrent** connections (h_{t-1} → h_t) dropped during training, with the same ' +
        'mask at every time step (Gal & Ghahramani), so the memory is regularised without being erased ' +
        'step by step. `0` turns it off.',
      default: 0,
    },
    bidirectional: {
      type: 'boolean',
      markdownDescription:
        'Also run a copy of the layer **backwards** in time and concatenate both hidden states, so every ' +
        'step sees the past and the future. Right for classifying or encoding a whole sequence (audio, ' +
        'a seq2seq encoder); wrong for forecasting and generation, where the future is what you predict.',
      default: false,
    },
  },
};

export const modelSchema: SchemaNode = {
  type: 'object',
  markdownDescription:
    'The network: the recurrent cell, the stack of layers and how the weights are initialised. The ' +
    'recurrence is written out step by step (not a black-box layer), so the dashboard can show gradients ' +
    'per time step and the hidden state and gates.',
  default: {},
  additionalProperties: false,
  properties: {
    type: {
      type: 'string',
      markdownDescription: md(
        'The kind of recurrent network. Compare them on the same data: `rnn` shows the vanishing ' +
          'gradient, `lstm` and `gru` carry information across long lags with gates, `seq2seq` maps a ' +
          'sequence to a sequence of another length.',
      ),
      default: 'lstm',
      ...enumOf([...cellPairs, ['seq2seq', SEQ2SEQ_TEXT]]),
    },
    cell: {
      type: ['string', 'null'],
      markdownDescription: md(
        'The recurrent cell of a `seq2seq` encoder and decoder.',
        '`null` (the default): `lstm` for `seq2seq`; for the other types the cell is `type` itself, and ' +
          'setting a different cell is an error.',
      ),
      default: null,
      ...enumOf([...cellPairs, [null, 'The default: `lstm` for `seq2seq`, otherwise the same as `type`.']]),
    },
    layers: {
      type: 'array',
      minItems: 1,
      markdownDescription: md(
        'The stack of recurrent layers, bottom first: each layer reads the hidden-state sequence of the ' +
          'one below. Deeper stacks can learn more abstract features but take longer to train, and the ' +
          'gradient has further to travel.',
        'In an `extends` file a list **replaces** the base\'s list as a whole. Override one field with ' +
          '`--set model.layers.0.units=32`.',
      ),
      default: [{ units: 64 }],
      items: layerSchema,
    },
    embedding: {
      type: ['object', 'null'],
      markdownDescription:
        'A learned **embedding** for token inputs (`text`, `pairs`, `midi`, the toy symbol tasks): each ' +
        'token id becomes a dense vector learned with the model, so similar tokens can end up close. ' +
        '`null` (the default): one-hot vectors, fine for small vocabularies (tens of symbols) but wasteful ' +
        'for word vocabularies, so `text` with `tokens: word` gets `{dim: 64}` unless you set one.',
      default: null,
      additionalProperties: false,
      properties: {
        dim: {
          type: 'integer',
          minimum: 1,
          markdownDescription: 'Length of each token\'s embedding vector.',
          default: 32,
        },
      },
    },
    init: {
      type: 'object',
      markdownDescription:
        'How the weights start. In a recurrent network this matters more than anywhere else: the ' +
        'recurrent matrix is applied once per time step, so its scale decides whether signals and ' +
        'gradients shrink or grow exponentially with the window. Careful initialisation is one of the ' +
        'mitigations of vanishing and exploding gradients.',
      default: {},
      additionalProperties: false,
      properties: {
        kernel: {
          type: 'string',
          markdownDescription: 'Initialiser of the input weights W_x (the `kernel`).',
          default: 'glorotUniform',
          ...enumOf(initPairs),
        },
        recurrent: {
          type: 'string',
          markdownDescription:
            'Initialiser of the recurrent weights W_h (the `recurrent_kernel`), the matrix multiplied in ' +
            'once per time step.',
          default: 'orthogonal',
          ...enumOf(initPairs),
        },
        gain: {
          type: 'number',
          exclusiveMinimum: 0,
          markdownDescription: md(
            'Multiplies the initial **recurrent** weights. It sets how much W_h stretches a vector: below 1 ' +
              'the state and the gradient shrink a little at every step (they **vanish** over a long ' +
              'window), above 1 they grow (they **explode**).',
            'Try `0.5` and `2.0` with `type: rnn` and watch the gradient-through-time chart; gated cells ' +
              'are far less sensitive.',
          ),
          default: 1,
        },
        forgetBias: {
          type: 'number',
          markdownDescription:
            'Initial bias of the LSTM **forget gate**. `1` (Jozefowicz et al., 2015) starts with ' +
            'f = σ(1) ≈ 0.73, so the cell keeps its content by default and gradients flow back from the ' +
            'first step; `0` starts half-forgetting. Ignored by `rnn` and `gru`.',
          default: 1,
        },
      },
    },
    attention: {
      type: 'string',
      markdownDescription: md(
        '**Attention** for a `seq2seq` decoder (Luong et al., 2015). Without it the decoder sees the input only ' +
          'through the encoder\'s final state, one fixed-size vector, which becomes a bottleneck for long inputs. ' +
          'With it, at every output step the decoder scores each encoder step against its own state, turns the ' +
          'scores into weights with a softmax, and reads their weighted sum (the **context**) beside its state. ' +
          'The weights form the **attention matrix** (output steps × input steps), shown as a heat map in the ' +
          'dashboard and saved in the run\'s `artifacts/`.',
        'Ignored unless `type: seq2seq`.',
      ),
      default: 'none',
      ...enumOf([
        ['none', 'No attention: the encoder\'s final state is all the decoder knows about the input.'],
        ['dot', '**Luong dot**: score(h_t, e_s) = h_t · e_s. No extra weights; needs the decoder\'s top layer as wide as the encoder\'s output (it is).'],
        ['general', '**Luong general**: score(h_t, e_s) = h_t · W_a e_s, with a learned matrix W_a.'],
      ]),
    },
  },
};
