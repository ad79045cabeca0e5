/**
 * The resolved experiment config: what `loadExperiment` returns after `extends`, `--set` overrides,
 * validation and defaults. Every field here is filled (optional ones are `undefined` when off), so
 * the engine never has to know a default. Names are the contract of DESIGN.md: keep them.
 *
 * This file must stay free of tfjs and vscode imports (ESLint enforces it for src/core/config).
 */

export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export type KernelChoice = 'auto' | 'fused' | 'tfjs';
export type CellType = 'rnn' | 'lstm' | 'gru';
export type ModelType = CellType | 'seq2seq';
export type InitName = 'glorotUniform' | 'orthogonal' | 'normal';

export type DataKind =
  | 'sine'
  | 'noisy-sine'
  | 'random-walk'
  | 'csv'
  | 'text'
  | 'adding'
  | 'copy'
  | 'reverse'
  | 'sort'
  | 'pairs'
  | 'audio'
  | 'midi';

export interface DataConfig {
  kind: DataKind;
  /** File or folder, resolved to an absolute path (relative paths are relative to the YAML file). */
  path?: string;
  column?: string;
  dateColumn?: string;
  normalize: 'zscore' | 'minmax' | 'none';
  missing: 'error' | 'drop' | 'ffill' | 'interpolate';
  /** Time steps fed to the model (for `adding`/`copy`: the lag / sequence length). */
  window: number;
  /** Steps ahead to predict. */
  horizon: number;
  split: { train: number; val: number };
  /** Length of a synthetic series. */
  length: number;
  /** Noise standard deviation of a synthetic series. */
  noise: number;
  /** Number of synthetic examples (adding, copy, reverse, sort). */
  size: number;
  /** Season length for the seasonal-naive baseline (series tasks), when known. */
  period?: number;
  minLength: number;
  maxLength: number;
  vocabSize: number;
  tokens: 'char' | 'word';
  features: 'logmel' | 'mfcc';
  /** `kind: midi`: how notes become tokens (filled by the defaults; optional so hand-built configs may omit it). */
  midi?: MidiDataConfig;
  /** `kind: audio`: how WAV clips become feature frames (filled by the defaults; optional so hand-built configs may omit it). */
  audio?: AudioDataConfig;
  testPath?: string;
}

export interface AudioDataConfig {
  /** Every clip is resampled to this rate (Hz) before features are computed. */
  sampleRate: number;
  /** Analysis frame length and hop, in milliseconds. */
  frameMs: number;
  hopMs: number;
  /** FFT size (a power of two ≥ the frame length); absent: the next power of two. */
  nFft?: number;
  /** Number of mel bands. */
  mels: number;
  /** Lowest and highest filterbank frequency (Hz); fMax absent: sampleRate / 2. */
  fMin: number;
  fMax?: number;
  /** Cepstral coefficients kept when `features: mfcc`. */
  mfcc: number;
  /** `utterance`: each clip's features get zero mean and unit variance per feature. */
  normalize: 'utterance' | 'none';
  /** Frames per example: longer clips are cut at the end, shorter ones padded with zeros in front. */
  maxFrames: number;
  /** `speaker`: all clips whose file names share the prefix before the first `_` go to the same split. */
  splitBy: 'speaker' | 'file';
}

export interface MidiDataConfig {
  /** Track index in file order; absent: the track with the most notes. */
  track?: number;
  /** Grid steps per whole note (16 = sixteenth notes). */
  grid: number;
  /** Longest duration token in grid steps; longer notes/rests are split. */
  maxDuration: number;
  /** Semitone shifts of the training part (data augmentation); [0] = none. */
  transpose: number[];
}

export interface LayerConfig {
  units: number;
  dropout: number;
  recurrentDropout: number;
  bidirectional: boolean;
}

export interface InitConfig {
  kernel: InitName;
  recurrent: InitName;
  /** Scales the recurrent initialiser (the lesson's knob for vanishing / exploding gradients). */
  gain: number;
  /** LSTM forget-gate bias at initialisation (1 is the usual choice). */
  forgetBias: number;
}

export interface ModelConfig {
  type: ModelType;
  /** Cell of a seq2seq encoder/decoder; for the other types it equals `type`. */
  cell: CellType;
  layers: LayerConfig[];
  embedding?: { dim: number };
  init: InitConfig;
  /** seq2seq decoder attention (Luong): none | dot | general (filled by the defaults; optional so hand-built configs may omit it). */
  attention?: 'none' | 'dot' | 'general';
}

export interface OptimizerConfig {
  name: 'adam' | 'sgd' | 'rmsprop';
  learningRate: number;
  momentum: number;
}

export interface ScheduleConfig {
  kind: 'constant' | 'step' | 'cosine' | 'exponential';
  /** step: multiply by `gamma` every `everyEpochs`; exponential: multiply by `gamma` each epoch. */
  gamma: number;
  everyEpochs: number;
  /** cosine: the final learning rate as a fraction of the initial one. */
  minFactor: number;
  warmupEpochs: number;
}

export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerConfig;
  schedule?: ScheduleConfig;
  clipNorm?: number;
  clipValue?: number;
  earlyStopping?: { patience: number; minDelta: number };
  kernel: KernelChoice;
  /** seq2seq: ratio of decoder steps fed the true previous token, linear from start (epoch 1) to end (last epoch); absent = 1. */
  teacherForcing?: { start: number; end: number };
}

export interface SamplesConfig {
  every: number;
  count: number;
  temperatures: number[];
  topK?: number;
  /** seq2seq samples: also decode with beam search of this width. */
  beamWidth?: number;
}

/** One `expect:` rule; exactly one of the fields is set. */
export interface ExpectRule {
  below?: number;
  above?: number;
  /** value <= r * baseline */
  belowBaseline?: number;
  /** value >= baseline + m */
  aboveBaseline?: number;
}

export interface ExperimentConfig {
  name: string;
  seed: number;
  backend: BackendName;
  data: DataConfig;
  model: ModelConfig;
  training: TrainingConfig;
  samples: SamplesConfig;
  /** metric name (DESIGN.md's metric names) -> rule */
  expect: Record<string, ExpectRule>;
  /** key path -> values (grid); see the sweep issue for random sweeps. */
  sweep?: Record<string, unknown[]>;
}
