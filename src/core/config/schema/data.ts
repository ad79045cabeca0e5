/** Schema of the `data:` section: which task, where its data comes from, how it is cut into examples. */
import { enumOf, md, SchemaNode } from './helpers';

/** Kinds whose data come from `path` (the rest are generated from the seed). */
export const FILE_KINDS = ['csv', 'text', 'pairs', 'audio', 'midi'] as const;
/** Synthetic time series: `length` points cut into windows of `window + horizon`. */
export const SERIES_KINDS = ['sine', 'noisy-sine', 'random-walk'] as const;
/** Generated toy tasks sized by `size`. */
export const TOY_KINDS = ['adding', 'copy', 'reverse', 'sort'] as const;

const kind: SchemaNode = {
  type: 'string',
  markdownDescription: md(
    'The task: what the model reads and what it must predict. Each kind comes with a **baseline** ' +
      '(a trivial predictor) shown beside the model, so you can tell learning from luck.',
    'Series: `sine`, `noisy-sine`, `random-walk`, `csv`. Long-term dependency: `adding`, `copy`. ' +
      'Language: `text`. Seq2seq: `reverse`, `sort`, `pairs`. Speech: `audio`. Music: `midi`.',
  ),
  default: 'sine',
  ...enumOf([
    [
      'sine',
      'A clean sine wave of `length` points. **The first exercise**: a simple RNN predicts the next value ' +
        'from the last `window` values. Baseline: persistence (predict the last value seen).',
    ],
    [
      'noisy-sine',
      'A sine wave plus Gaussian noise of standard deviation `noise`. The model has to find the smooth ' +
        'signal under the noise; the noise itself cannot be predicted, so it sets a floor under the error.',
    ],
    [
      'random-walk',
      'A random walk: each step adds a standard Gaussian step N(0, 1), and observation noise of standard ' +
        'deviation `noise` is added on top. Without the noise the best possible forecast is the last value, ' +
        'so persistence cannot be beaten: a sanity check that a model is not fooling you with an ' +
        'apparently low loss.',
    ],
    [
      'csv',
      'A real time series from the CSV file at `path`: `column` is the value to forecast, `dateColumn` ' +
        'orders the rows, `normalize` scales it, `missing` says what to do with gaps. Baseline: ' +
        'persistence, plus seasonal naive when `period` is set.',
    ],
    [
      'text',
      'Language modelling on the text file at `path`: predict the next character or word (`tokens`). ' +
        'Reports cross-entropy and perplexity; samples generate text at each of `samples.temperatures`. ' +
        'Baseline: unigram frequency (predict each token by how common it is).',
    ],
    [
      'adding',
      "Hochreiter & Schmidhuber's **adding problem**: `window` random numbers, two of them marked; the " +
        'target is the sum of the two marked numbers. The marks can be far apart, so the network must carry ' +
        'a value across a long lag: a **long-term dependency**. A plain RNN stays at the predict-the-mean ' +
        'baseline (MSE ≈ 0.167); an LSTM or GRU gets well below it.',
    ],
    [
      'copy',
      'Remember the first symbol and output it after a lag of `window` steps of distractors. The lag is ' +
        'how far back in time the gradient has to travel: watch the gradient-through-time chart fade out ' +
        'for `rnn` and stay alive for `lstm`. Baseline: chance.',
    ],
    [
      'reverse',
      'Toy **seq2seq**: output the input sequence reversed. Inputs have `minLength` to `maxLength` symbols ' +
        'from an alphabet of `vocabSize`. The first output token depends on the last input, the last on the ' +
        'first: the encoder state must hold the whole sequence. Baseline: copy the input.',
    ],
    [
      'sort',
      'Toy **seq2seq**: output the input symbols in sorted order (lengths `minLength`–`maxLength`, ' +
        '`vocabSize` symbols). Baseline: copy the input.',
    ],
    [
      'pairs',
      'Translation-style **seq2seq** from the TSV file at `path`: one `source<TAB>target` pair per line, ' +
        'split into `tokens`. Reports token accuracy and exact match. Baseline: copy the input.',
    ],
    [
      'audio',
      'Speech-style sequence classification: WAV files in one folder per label under `path`. Each clip ' +
        'becomes a sequence of `features` frames (log-mel or MFCC, computed by Sequence Lab). ' +
        'Baseline: the majority class.',
    ],
    [
      'midi',
      'Music generation: MIDI files under `path` become pitch/duration tokens; the model predicts the ' +
        'next note, and generated pieces are written as `.mid` files in the run. Baseline: repeat the last note.',
    ],
  ]),
};

const nullableString = (markdownDescription: string): SchemaNode => ({
  type: ['string', 'null'],
  minLength: 1,
  markdownDescription,
  default: null,
});

export const dataSchema: SchemaNode = {
  type: 'object',
  markdownDescription: md(
    'Where the sequences come from and how they are cut into examples. Synthetic kinds are generated ' +
      'from `seed`; file kinds read `path`. The split is made before anything is fitted, so validation ' +
      'numbers are honest.',
  ),
  default: {},
  additionalProperties: false,
  properties: {
    kind,
    path: nullableString(
      md(
        'File or folder with the data, relative to **this YAML file** (absolute paths work too). Needed by ' +
          '`csv`, `text`, `pairs` (a file) and `audio`, `midi` (a folder).',
        '`null` (the default): no file; only valid for the synthetic kinds.',
      ),
    ),
    column: nullableString(
      'CSV column (header name) holding the value to forecast. `null`: the first numeric column.',
    ),
    dateColumn: nullableString(
      'Optional CSV column with dates or times that orders the rows. `null`: rows are used in file order.',
    ),
    normalize: {
      type: 'string',
      markdownDescription: md(
        'How series values are scaled before training. The statistics are fitted on the **training part ' +
          'only**, then applied to validation and test data: fitting them on everything would leak the future ' +
          'into training. Metrics ending in `Raw` are reported back in real units.',
      ),
      default: 'zscore',
      ...enumOf([
        ['zscore', 'Subtract the training mean, divide by the training standard deviation (mean 0, std 1).'],
        ['minmax', 'Map the training minimum and maximum to 0 and 1.'],
        ['none', 'Use the values as they are. Large raw values make tanh units saturate and training slow.'],
      ]),
    },
    missing: {
      type: 'string',
      markdownDescription:
        'What to do with missing or non-numeric values in a CSV column. The default stops with an error that names the rows.',
      default: 'error',
      ...enumOf([
        ['error', 'Stop and name the rows with missing values, so nothing is silently invented.'],
        ['drop', 'Remove those rows (the series gets shorter; time steps next to the gap are joined).'],
        ['ffill', 'Forward fill: repeat the last known value.'],
        ['interpolate', 'Fill by straight-line interpolation between the known neighbours.'],
      ]),
    },
    window: {
      type: 'integer',
      minimum: 1,
      markdownDescription: md(
        'Time steps fed to the model per example: the **backpropagation-through-time (BPTT) window**. ' +
          'The network is unrolled over this many steps and the gradient flows back through all of them.',
        'A longer window shows more of the past, but the gradient is multiplied by the recurrent weights ' +
          'once per step, so it **vanishes** or **explodes** over long windows; a shorter window is one of ' +
          'the mitigations. For `adding` and `copy` it is the sequence length, i.e. the lag to bridge.',
      ),
      default: 50,
    },
    horizon: {
      type: 'integer',
      minimum: 1,
      markdownDescription:
        'How many steps ahead to predict. `1` forecasts the next value; larger horizons forecast further ' +
        'out, where both the model and the persistence baseline get worse. Each example needs ' +
        '`window + horizon` consecutive points.',
      default: 1,
    },
    split: {
      type: 'object',
      markdownDescription:
        'Fractions of the data used for training and validation. Series are split **in time order** (the ' +
        'model is validated on the future, as it will be used); example sets are split after a seeded ' +
        'shuffle. `train + val` must be at most 1; whatever is left is not used.',
      default: { train: 0.8, val: 0.2 },
      additionalProperties: false,
      properties: {
        train: {
          type: 'number',
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          markdownDescription: 'Fraction used for training (between 0 and 1, exclusive).',
          default: 0.8,
        },
        val: {
          type: 'number',
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          markdownDescription:
            'Fraction used for validation (between 0 and 1, exclusive). `valLoss` and the other `val*` ' +
            'metrics, early stopping and `expect:` rules are measured on it.',
          default: 0.2,
        },
      },
    },
    length: {
      type: 'integer',
      minimum: 2,
      markdownDescription:
        'Points in a synthetic series (`sine`, `noisy-sine`, `random-walk`). The training part ' +
        '(`length × split.train` points) must hold several examples of `window + horizon` points.',
      default: 2000,
    },
    noise: {
      type: 'number',
      minimum: 0,
      markdownDescription:
        'Standard deviation of the Gaussian noise added at each step of `noisy-sine`, and of the observation ' +
        'noise of `random-walk`. Noise cannot be predicted, so its variance is a floor under the loss. ' +
        'Ignored by `sine`.',
      default: 0.1,
    },
    size: {
      type: 'integer',
      minimum: 1,
      markdownDescription: 'How many examples to generate for `adding`, `copy`, `reverse` and `sort`.',
      default: 2000,
    },
    period: {
      type: ['integer', 'null'],
      minimum: 2,
      markdownDescription: md(
        'Period in steps. For `sine` and `noisy-sine` it is the period of the wave (`null`: 25 steps, so ' +
          'two periods fit in a 50-step window).',
        'For `csv` it is the season length (e.g. `24` for hourly data with a daily cycle) and adds the ' +
          '**seasonal naive** baseline: predict the value one period earlier. `null`: no seasonal baseline.',
      ),
      default: null,
    },
    minLength: {
      type: 'integer',
      minimum: 1,
      markdownDescription:
        'Shortest input of the toy seq2seq tasks (`reverse`, `sort`). Lengths vary, so the encoder has to ' +
        'summarise inputs of different lengths into one state.',
      default: 3,
    },
    maxLength: {
      type: 'integer',
      minimum: 1,
      markdownDescription: 'Longest input of the toy seq2seq tasks (`reverse`, `sort`); at least `minLength`.',
      default: 10,
    },
    vocabSize: {
      type: ['integer', 'null'],
      minimum: 2,
      markdownDescription: md(
        'Alphabet size of the toy symbol tasks (`copy`, `reverse`, `sort`), or the cap on the vocabulary ' +
          'of `text` and `pairs`: the most frequent tokens of the training part are kept, rarer ones become ' +
          '`<unk>`. Matters most with `tokens: word`.',
        '`null` (the default): 10 symbols for the toy tasks, 10000 tokens otherwise.',
      ),
      default: null,
    },
    tokens: {
      type: 'string',
      markdownDescription: 'How `text` and `pairs` are split into tokens.',
      default: 'char',
      ...enumOf([
        [
          'char',
          'One token per character: a small vocabulary (tens of symbols), long sequences. The model has to ' +
            'learn spelling before words.',
        ],
        [
          'word',
          'One token per word (lower-cased; punctuation marks and line breaks are tokens too): a large ' +
            'vocabulary (capped by `vocabSize`), short sequences. Needs more data. `text` gets a 64-dim ' +
            '`model.embedding` unless you set one.',
        ],
      ]),
    },
    features: {
      type: 'string',
      markdownDescription:
        'Features computed from each short frame of an `audio` clip: the RNN reads one frame per time step.',
      default: 'logmel',
      ...enumOf([
        [
          'logmel',
          'Log energies in mel-spaced frequency bands: roughly how the ear resolves pitch. Rich and local.',
        ],
        [
          'mfcc',
          'Mel-frequency cepstral coefficients: a cosine transform of the log-mel bands, keeping the first few. ' +
            'Compact and decorrelated; the classic speech-recognition input.',
        ],
      ]),
    },
    midi: {
      type: 'object',
      markdownDescription: md(
        'How `midi` files become tokens. One track of each file is read as a **melody**: every note is one ' +
          'token made of its pitch and its duration on the `grid` (e.g. `E4:4` = E above middle C for four ' +
          'sixteenths), a silence between notes is a rest token (`R:2`). Chords keep their highest note (the ' +
          'tune); a note that overlaps the next one is cut where the next one starts.',
      ),
      default: {},
      additionalProperties: false,
      properties: {
        track: {
          type: ['integer', 'null'],
          minimum: 0,
          markdownDescription:
            'Index of the track to read, 0-based in file order (tracks without notes count too). `null` (the default): the track with the most notes.',
          default: null,
        },
        grid: {
          type: 'integer',
          markdownDescription: md(
            'Time grid in steps per whole note: starts and durations are rounded to it. `16` (the default) = ' +
              'sixteenth notes, enough for most folk tunes; `12` or `24` for triplets. A coarser grid gives fewer ' +
              'distinct duration tokens (an easier task); a finer one keeps the rhythm more exactly.',
          ),
          default: 16,
          enum: [4, 8, 12, 16, 24, 32],
          markdownEnumDescriptions: [
            'Quarter notes.',
            'Eighth notes.',
            'Eighth-note triplets.',
            'Sixteenth notes (the default).',
            'Sixteenth-note triplets.',
            'Thirty-second notes.',
          ],
        },
        maxDuration: {
          type: 'integer',
          minimum: 1,
          markdownDescription:
            'Longest duration token in grid steps; longer notes and rests are split (a tied note becomes two tokens). Default 16 (a whole note on the default grid).',
          default: 16,
        },
        transpose: {
          type: 'array',
          minItems: 1,
          markdownDescription: md(
            'Semitone shifts applied to the **training** part: each shift adds a transposed copy of every ' +
              'melody (data augmentation: the model sees each tune in several keys). `[0]` (the default): no ' +
              'augmentation. Validation always uses the melodies as written.',
          ),
          default: [0],
          items: { type: 'integer', minimum: -24, maximum: 24, markdownDescription: 'A shift in semitones (-24 to 24).', default: 0 },
        },
      },
    },
    audio: {
      type: 'object',
      markdownDescription: md(
        'How `audio` clips become the sequences the RNN reads. Each WAV file is mixed down to mono, ' +
          'resampled to `sampleRate`, cut into short overlapping **frames** (`frameMs` long, every `hopMs`), ' +
          'and each frame becomes one time step of `features` (log-mel energies or MFCCs). A 0.5 s word at ' +
          '`hopMs: 10` is about 50 time steps: the model reads them in order and names the label at the end.',
        'Folder layout: one sub-folder per label under `path` (e.g. `path/7/alice_1.wav`); the folder name is ' +
          'the label. Features are cached under `.seqlab/cache/` and recomputed when a file or a parameter changes.',
      ),
      default: {},
      additionalProperties: false,
      properties: {
        sampleRate: {
          type: 'integer',
          minimum: 1000,
          maximum: 192000,
          markdownDescription:
            'Sample rate (Hz) every clip is resampled to before the features are computed (band-limited ' +
            'windowed-sinc resampling, so no aliasing). Speech needs little above 4 kHz: `8000` keeps the ' +
            'telephone band and makes frames cheap; `16000` is the usual speech-recognition rate.',
          default: 8000,
        },
        frameMs: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 1000,
          markdownDescription:
            'Length of one analysis frame in milliseconds. Speech is roughly stationary over 20–30 ms, so ' +
            'one frame sees one sound; each frame is multiplied by a Hann window before its FFT.',
          default: 25,
        },
        hopMs: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 1000,
          markdownDescription:
            'Step between the starts of consecutive frames, in milliseconds: **one RNN time step**. Smaller ' +
            'hops give longer sequences (more steps for the gradient to travel back through).',
          default: 10,
        },
        nFft: {
          type: ['integer', 'null'],
          minimum: 16,
          markdownDescription:
            'FFT size: a power of two at least as long as a frame (the frame is zero-padded to it). More ' +
            'points give finer frequency bins, not more information. `null` (the default): the next power ' +
            'of two ≥ the frame length (256 for 25 ms at 8 kHz).',
          default: null,
        },
        mels: {
          type: 'integer',
          minimum: 2,
          maximum: 256,
          markdownDescription:
            'Number of mel bands: triangular filters spaced evenly on the **mel scale** (HTK formula, ' +
            '2595·log10(1 + f/700)), narrow at low frequencies and wide at high ones, as the ear resolves ' +
            'pitch. With `features: logmel` this is the number of inputs per time step.',
          default: 20,
        },
        fMin: {
          type: 'number',
          minimum: 0,
          markdownDescription: 'Lowest filterbank frequency in Hz (`0`: from DC). Raising it to ~60 Hz ignores hum.',
          default: 0,
        },
        fMax: {
          type: ['number', 'null'],
          exclusiveMinimum: 0,
          markdownDescription: 'Highest filterbank frequency in Hz, at most `sampleRate / 2`. `null` (the default): `sampleRate / 2`.',
          default: null,
        },
        mfcc: {
          type: 'integer',
          minimum: 1,
          maximum: 256,
          markdownDescription:
            'With `features: mfcc`: how many cepstral coefficients to keep (at most `mels`). The DCT ' +
            'orders them from the coarse spectral shape (vowel quality) to fine detail; `13` is the classic choice.',
          default: 13,
        },
        normalize: {
          type: 'string',
          markdownDescription:
            'Per-utterance normalisation of the features, computed from each clip alone (so nothing leaks ' +
            'between splits).',
          default: 'utterance',
          ...enumOf([
            [
              'utterance',
              'Give each feature zero mean and unit variance over the frames of the clip (cepstral mean and ' +
                'variance normalisation): removes loudness and microphone/channel differences, keeps the shape.',
            ],
            ['none', 'Use the raw log energies (or MFCCs). Louder clips have larger inputs.'],
          ]),
        },
        maxFrames: {
          type: 'integer',
          minimum: 1,
          markdownDescription: md(
            'Time steps per example. Every clip becomes exactly `maxFrames` frames (fixed length, no ' +
              'masking): a longer clip is **cut at the end**, a shorter one is **padded with zero frames in ' +
              'front**, so the clip always ends at the last step, where the model gives its answer.',
            'Default 100 (1 s at `hopMs: 10`).',
          ),
          default: 100,
        },
        splitBy: {
          type: 'string',
          markdownDescription:
            'How clips are split into training and validation (`split` fractions).',
          default: 'speaker',
          ...enumOf([
            [
              'speaker',
              'By speaker: the part of the file name before the first `_` names the speaker (`alice_3.wav` → ' +
                '`alice`), and all clips of one speaker go to the same side. Validation then measures how well ' +
                'the model handles **voices it has never heard**, the honest number for speech. A name ' +
                'without `_` is its own speaker.',
            ],
            ['file', 'Clip by clip after a seeded shuffle: the same voices appear on both sides (an optimistic number).'],
          ]),
        },
      },
    },
    testPath: nullableString(
      'Optional held-out test set in the same layout as `path`, relative to this YAML file. Evaluated once ' +
        'at the end, giving the `test*` metrics (`testAccuracy`, `testLoss`, ...). `null`: no test set.',
    ),
  },
};
