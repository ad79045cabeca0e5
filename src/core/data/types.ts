/**
 * What a data task gives the trainer: plain typed arrays (no tensors, so data code stays testable
 * without a backend and the trainer decides when tensors exist), the model's input/output shape, a
 * baseline on the same validation split, and task-specific evaluation and samples.
 *
 * New kinds (csv, text, adding, copy, ...) plug in by adding a builder to ./index.ts that returns a
 * Dataset; the trainer only uses this interface.
 */
import type { ArtifactRecord, DataSummary, Metrics, SampleRecord } from '../events';
import type { HeadKind } from '../models/types';

/** One split, row-major: x is [n, ...xShape], y is [n, ...yShape]. */
export interface SplitArrays {
  n: number;
  x: Float32Array | Int32Array;
  y: Float32Array | Int32Array;
}

export interface Dataset {
  summary: DataSummary;
  /** Per-example input shape: [timeSteps, features] for float input, [timeSteps] for token ids. */
  xShape: number[];
  /** Per-example target shape: [outputs] for regression, [] for a class id, [timeSteps] for tokens. */
  yShape: number[];
  xDtype: 'float32' | 'int32';
  yDtype: 'float32' | 'int32';
  /** The training loss: mean squared error, or softmax cross-entropy in nats. */
  loss: 'mse' | 'crossentropy';
  head: { kind: HeadKind; outputSize: number };
  /** Features per time step (model input size). */
  inputSize: number;
  tokenInput?: { vocabSize: number };
  train: SplitArrays;
  val: SplitArrays;
  /** The baseline's metrics on the validation split (same names and units as `evaluate`). */
  baseline: Metrics;
  /**
   * Validation metrics from the model's outputs on the whole val split (row-major, like y for
   * regression; logits for classification). valLoss uses the training loss's definition.
   */
  evaluate(outputs: Float32Array, extra?: EvalExtras): Metrics;
  /** Sample records (real units) for val examples `indices`, given the outputs of the whole val split. */
  samples(epoch: number, indices: number[], outputs: Float32Array, extra?: EvalExtras): SampleRecord[];
  /**
   * Seq2seq tasks: the token ids the model's decoder needs (y holds target ids + end, padded with
   * `padId`; the decoder starts from `startId`), and the vocabulary for display.
   */
  seq2seq?: { vocab: string[]; padId: number; startId: number; endId: number; targetSteps: number; join: '' | ' ' };
  /**
   * Optional: samples that need the model itself, e.g. generated text (each new token is fed back in).
   * The trainer calls it when samples are due, with `next` running the model on token contexts; its
   * records are emitted with the `samples` ones.
   */
  generate?(epoch: number, next: NextTokenLogits): SampleRecord[];
  /**
   * Optional: task artifacts for the dashboard and `artifacts/` (a confusion matrix from the val
   * outputs, a generated piece as a piano roll plus its `.mid`). Called when samples are due, after
   * `samples`/`generate`; each record becomes an `artifact` event.
   */
  artifacts?(epoch: number, ctx: { valOutputs: Float32Array; next: NextTokenLogits; lastEpoch: boolean }): ArtifactRecord[];
  /**
   * Optional held-out test set (`data.testPath`): the trainer predicts it once when training has
   * completed, with the weights `model/` keeps (the best epoch's), and adds the `test*` metrics that
   * `evaluate` returns to the summary's final and best values (so `expect: testAccuracy` works);
   * `artifacts` (optional) turns the same outputs into artifact events (e.g. the test confusion matrix).
   */
  test?: { split: SplitArrays; evaluate(outputs: Float32Array): Metrics; artifacts?(epoch: number, outputs: Float32Array): ArtifactRecord[] };
}

/** What a seq2seq model adds to the val outputs (teacher-forced logits) for metrics and samples. */
export interface EvalExtras {
  /** Free-running greedy decode of the whole val split: ids [n, targetSteps]. */
  decoded?: Int32Array;
  /** Beam-search outputs (best hypothesis ids, without start/end) by val index, for samples. */
  beams?: Record<number, number[]>;
}

/** Logits of the token after each context (int ids, all of the same length): the model's last step. */
export type NextTokenLogits = (contexts: Int32Array[]) => Float32Array[];

/** A data problem the user can fix in the YAML: names the key. */
export class DataError extends Error {
  constructor(
    message: string,
    /** Dotted config key, e.g. "data.window". */
    readonly key: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}
