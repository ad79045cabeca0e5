/**
 * Which step of the `learnRnns` walkthrough a key or value belongs to, so a hover can send a learner
 * to the experiment that shows the idea. Step ids are matched against the walkthrough the package
 * actually contributes: a step that is not there gets the walkthrough itself, no walkthrough no link.
 */
export const WALKTHROUGH_ID = 'learnRnns';
export const EXTENSION_ID = 'seqlab.sequence-lab';

export interface StepRef {
  step: string;
  title: string;
}

/**
 * First match wins: more specific rules first. `value` is the hovered value, if any. Step ids are
 * those of the `learnRnns` walkthrough in package.json.
 */
const RULES: { key: RegExp; value?: RegExp; ref: StepRef }[] = [
  { key: /^data\.kind$/, value: /^(adding|copy)$/, ref: { step: 'vanishingGradients', title: 'Vanishing gradients' } },
  { key: /^(model\.type|model\.cell|data\.kind)$/, value: /^(seq2seq|reverse|sort|pairs)$/, ref: { step: 'seq2seq', title: 'Sequence to sequence' } },
  { key: /^data\.kind$/, value: /^(text|csv)$/, ref: { step: 'applications', title: 'Applications: text and forecasting' } },
  { key: /^data\.kind$/, ref: { step: 'sequenceData', title: 'Sequence data' } },
  { key: /^(model\.type|model\.cell)$/, ref: { step: 'compareCells', title: 'LSTM and GRU' } },
  { key: /^sweep(\.|$)/, ref: { step: 'compareCells', title: 'LSTM and GRU' } },
  { key: /^training\.(clipNorm|clipValue|optimizer)/, ref: { step: 'explodingGradients', title: 'Exploding gradients and clipping' } },
  { key: /^model\.init(\.|$)/, ref: { step: 'vanishingGradients', title: 'Vanishing gradients' } },
  { key: /^data\.(window|horizon|noise|length)$|^model\.layers/, ref: { step: 'firstRnn', title: 'The exercise: a SimpleRNN predicts the next value' } },
];

export function stepFor(key: string, value?: string): StepRef | undefined {
  return RULES.find((r) => r.key.test(key) && (!r.value || (value !== undefined && r.value.test(value))))?.ref;
}

/**
 * A `command:` URI opening the walkthrough at a step; `steps` are the step ids the package
 * contributes (undefined: no walkthrough contributed, no link).
 */
export function walkthroughLink(ref: StepRef, steps: readonly string[] | undefined): string | undefined {
  if (!steps) return undefined;
  const category = `${EXTENSION_ID}#${WALKTHROUGH_ID}`;
  // VS Code joins them itself: the selected step is `${category}#${step}`.
  const arg = steps.includes(ref.step) ? { category, step: ref.step } : category;
  return `command:workbench.action.openWalkthrough?${encodeURIComponent(JSON.stringify([arg, false]))}`;
}
