/**
 * What every next-token task shares (text and midi): int token windows in and out, softmax
 * cross-entropy over the vocabulary at every step, and the same metrics for the model and its
 * baseline (valLoss, valPerplexity = e^valLoss, valTokenAccuracy). Each task adds its summary,
 * samples, generation and artifacts around these fields.
 */
import type { Metrics } from '../../events';
import { crossEntropyAndAccuracy } from '../classification-metrics';
import type { Dataset, SplitArrays } from '../types';
import { argmax } from './sample';

type SharedFields = Pick<Dataset, 'xShape' | 'yShape' | 'xDtype' | 'yDtype' | 'loss' | 'head' | 'inputSize' | 'tokenInput' | 'train' | 'val' | 'baseline' | 'evaluate'>;

/** The baseline's per-token cross-entropy (nats) and accuracy on the validation split. */
export function nextTokenFields(o: { vocabSize: number; window: number; train: SplitArrays; val: SplitArrays; baseline: { loss: number; accuracy: number } }): SharedFields {
  const V = o.vocabSize;
  const metrics = (loss: number, accuracy: number): Metrics => ({ valLoss: loss, valPerplexity: Math.exp(loss), valTokenAccuracy: accuracy });
  return {
    xShape: [o.window],
    yShape: [o.window],
    xDtype: 'int32',
    yDtype: 'int32',
    loss: 'crossentropy',
    head: { kind: 'sequence', outputSize: V },
    inputSize: V,
    tokenInput: { vocabSize: V },
    train: o.train,
    val: o.val,
    baseline: metrics(o.baseline.loss, o.baseline.accuracy),
    evaluate: (outputs: Float32Array): Metrics => {
      const r = crossEntropyAndAccuracy(outputs, o.val.y, V);
      return metrics(r.loss, r.accuracy);
    },
  };
}

/** The most likely token at each step of validation example `i` (teacher-forced samples). */
export function predictedTokens(outputs: Float32Array, i: number, window: number, vocabSize: number): Int32Array {
  const predicted = new Int32Array(window);
  for (let t = 0; t < window; t++) predicted[t] = argmax(outputs.subarray((i * window + t) * vocabSize, (i * window + t + 1) * vocabSize));
  return predicted;
}
