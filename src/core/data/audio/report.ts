/** What a classification run shows besides its metrics: label samples and the confusion matrix. */
import type { ArtifactRecord, SampleRecord } from '../../events';

/** Softmax of one logit row, float64. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const e = Array.from({ length: logits.length }, (_, i) => Math.exp((logits[i] as number) - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export function argmax(row: ArrayLike<number>): number {
  let arg = 0;
  for (let i = 1; i < row.length; i++) if ((row[i] as number) > (row[arg] as number)) arg = i;
  return arg;
}

/** rows = true label, columns = predicted label; counts. */
export function confusionMatrix(logits: Float32Array, labels: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = m[labels[i] as number] as number[];
    const pred = argmax(logits.subarray(i * classes, (i + 1) * classes));
    row[pred] = (row[pred] as number) + 1;
  }
  return m;
}

export function confusionArtifact(epoch: number, labels: string[], matrix: number[][], split: 'validation' | 'test'): ArtifactRecord {
  return {
    name: split === 'test' ? 'confusion-test' : 'confusion',
    kind: 'confusion',
    epoch,
    title:
      split === 'test'
        ? `Confusion matrix (test set, weights of epoch ${epoch}): rows = true label, columns = predicted`
        : `Confusion matrix (validation, epoch ${epoch}): rows = true label, columns = predicted`,
    data: { labels, matrix },
  };
}

/** What a label sample shows about its clip (the input itself, a spectrogram, is too big for a card). */
export interface ClipSummary {
  clip: string;
  speaker: string;
  frames: number;
  seconds: number;
}

/** A `label` sample: the clip, its true label, the prediction and the top-3 probabilities. */
export function labelSample(epoch: number, index: number, input: ClipSummary, target: string, logits: ArrayLike<number>, labelNames: string[]): SampleRecord {
  const p = softmax(logits);
  const top = p
    .map((prob, i) => ({ label: labelNames[i] as string, p: Number(prob.toFixed(4)) }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3);
  return { epoch, kind: 'label', index, input, target, output: labelNames[argmax(logits)] as string, top };
}
