/**
 * Softmax cross-entropy (nats) and accuracy from logits, accumulated in float64: the validation
 * metrics of the classification and next-token tasks (copy, text). One row = one prediction.
 */

/** Mean cross-entropy and accuracy of `rows` logit rows of width `classes` against integer labels. */
export function crossEntropyAndAccuracy(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): { loss: number; accuracy: number } {
  const rows = labels.length;
  if (logits.length !== rows * classes) {
    throw new Error(`crossEntropyAndAccuracy: ${logits.length} logits for ${rows} labels × ${classes} classes`);
  }
  if (rows === 0) return { loss: NaN, accuracy: NaN };
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < classes; c++) {
      const v = logits[base + c] as number;
      if (v > max) {
        max = v;
        arg = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((logits[base + c] as number) - max);
    const label = labels[r] as number;
    loss += -((logits[base + label] as number) - max - Math.log(sum));
    if (arg === label) correct++;
  }
  return { loss: loss / rows, accuracy: correct / rows };
}

/**
 * Cross-entropy and accuracy of a fixed distribution `probs` (e.g. training class frequencies)
 * predicted for every row: the "no input" baselines (chance, unigram).
 */
export function priorBaseline(probs: ArrayLike<number>, labels: ArrayLike<number>): { loss: number; accuracy: number } {
  let arg = 0;
  for (let c = 1; c < probs.length; c++) if ((probs[c] as number) > (probs[arg] as number)) arg = c;
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < labels.length; r++) {
    const label = labels[r] as number;
    loss += -Math.log(probs[label] as number);
    if (label === arg) correct++;
  }
  return { loss: loss / labels.length, accuracy: correct / labels.length };
}

/** Add-one (Laplace) smoothed frequencies, so a class never seen in training has a finite loss. */
export function smoothedFrequencies(labels: ArrayLike<number>, classes: number): Float64Array {
  const counts = new Float64Array(classes).fill(1);
  for (let i = 0; i < labels.length; i++) counts[labels[i] as number] = (counts[labels[i] as number] as number) + 1;
  const total = labels.length + classes;
  return counts.map((c) => c / total);
}
