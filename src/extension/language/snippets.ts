/**
 * Snippets for a new experiment, offered at the top level of an empty (or nearly empty) experiment
 * file. Bodies use the snippet syntax (tab stops, choices); keys are the ones in DESIGN.md.
 */
export interface ExperimentSnippet {
  label: string;
  detail: string;
  body: string;
}

export const EXPERIMENT_SNIPPETS: ExperimentSnippet[] = [
  {
    label: 'seqlab: next-value forecast (noisy sine)',
    detail: 'A recurrent model that predicts the next value of a noisy sine wave (the first exercise)',
    body: [
      'name: ${1:sine-next-value}',
      'seed: 42',
      'data:',
      '  kind: ${2|noisy-sine,sine,random-walk|}',
      '  length: 1000',
      '  noise: 0.1',
      '  window: ${3:32}',
      '  horizon: 1',
      '  split: {train: 0.8, val: 0.2}',
      'model:',
      '  type: ${4|rnn,lstm,gru|}',
      '  layers: [{units: ${5:32}}]',
      'training:',
      '  epochs: ${6:10}',
      '  batchSize: 32',
      '  optimizer: {name: adam, learningRate: 0.005}',
      '  clipNorm: 1.0',
      'expect:',
      '  valLoss: {belowBaseline: 1.0}',
      '$0',
    ].join('\n'),
  },
  {
    label: 'seqlab: compare rnn, lstm and gru (sweep)',
    detail: 'One run per cell type on a long-term dependency task: see which one remembers',
    body: [
      'name: ${1:compare-cells}',
      'seed: 42',
      'data:',
      '  kind: ${2|adding,copy|}',
      '  window: ${3:50}',
      'model:',
      '  type: lstm',
      '  layers: [{units: 32}]',
      'training:',
      '  epochs: ${4:10}',
      '  clipNorm: 1.0',
      'sweep:',
      '  model.type: [rnn, lstm, gru]',
      '$0',
    ].join('\n'),
  },
  {
    label: 'seqlab: forecast a CSV column',
    detail: 'Forecast one column of your own CSV file (path relative to this file)',
    body: [
      'name: ${1:csv-forecast}',
      'seed: 42',
      'data:',
      '  kind: csv',
      '  path: ${2:./data.csv}',
      '  column: ${3:value}',
      '  normalize: zscore',
      '  missing: ${4|error,drop,ffill,interpolate|}',
      '  window: ${5:24}',
      '  horizon: 1',
      'model:',
      '  type: ${6|lstm,gru,rnn|}',
      '  layers: [{units: 32}]',
      'training:',
      '  epochs: 20',
      '  earlyStopping: {patience: 5}',
      '$0',
    ].join('\n'),
  },
];

/** Offer the snippets only where a whole experiment fits: a top-level line of a file without one. */
export function wantsExperimentSnippets(lines: readonly string[], line: number, character: number): boolean {
  const cur = lines[line] ?? '';
  if (/^\s/.test(cur) || !/^[\w-]*$/.test(cur.slice(0, character))) return false;
  return !lines.some((l, i) => i !== line && /^(data|model|training)\s*:/.test(l));
}
