/**
 * Checks that need more than one key or knowledge of the task, but no data loading: that synthetic
 * series hold enough windows, the split adds up, file tasks have a file, a seq2seq-only key is not
 * set on another model. Each error points at the key to change and says what would fit.
 */
import * as fs from 'fs';
import { ConfigError, dotted } from './errors';
import { FILE_KINDS, SERIES_KINDS, TOY_KINDS } from './schema';
import { keySpan, PathSegment, SourceMap, valueSpan } from './source-map';
import type { ExperimentConfig } from './types';

/** Training windows a synthetic series must give at least: fewer cannot show learning. */
export const MIN_TRAIN_WINDOWS = 10;

/**
 * `trusted(...keys)` says whether those keys hold what the user wrote: when the schema rejected a
 * value, the loader still runs these checks on a repaired copy (so all errors come at once), and a
 * check that reads a repaired key is skipped rather than reasoning about a default nobody wrote.
 */
export function semanticChecks(
  c: ExperimentConfig,
  map: SourceMap,
  file: string,
  trusted: (...keys: string[]) => boolean = () => true,
): ConfigError[] {
  const out: ConfigError[] = [];
  const at = (path: PathSegment[], message: string, fix: string, severity: 'error' | 'warning' = 'error', where: 'key' | 'value' = 'value'): void => {
    const o = map.find(path, file);
    out.push({
      file: o.file,
      ...(where === 'key' ? keySpan(o) : valueSpan(o)),
      key: dotted(path),
      message: o.override ? `${message} (set by --set ${o.override})` : message,
      fix,
      severity,
      ...(o.override ? { override: o.override } : {}),
    });
  };
  /** The key the user most likely wants to change: the one written in a file, else the first. */
  const written = (...paths: PathSegment[][]): PathSegment[] => paths.find((p) => map.exact(p)) ?? (paths[0] as PathSegment[]);
  const d = c.data;

  // Split fractions: each in (0, 1) is the schema's job; together they may not exceed the data.
  const splitSum = d.split.train + d.split.val;
  if (splitSum > 1 + 1e-9 && trusted('data.split')) {
    at(
      written(['data', 'split', 'val'], ['data', 'split', 'train'], ['data', 'split']),
      `split.train + split.val = ${d.split.train} + ${d.split.val} = ${round(splitSum)}, more than all of the data`,
      `make them sum to at most 1, e.g. \`split: {train: ${d.split.train}, val: ${round(Math.max(0.05, 1 - d.split.train))}}\``,
    );
  }

  // Synthetic series: `length` points, cut in time order; each example needs window + horizon points.
  const seriesKeys = ['data.kind', 'data.window', 'data.horizon', 'data.length', 'data.split'];
  if ((SERIES_KINDS as readonly string[]).includes(d.kind) && splitSum <= 1 + 1e-9 && trusted(...seriesKeys)) {
    const need = d.window + d.horizon;
    const trainPoints = Math.floor(d.length * d.split.train);
    const trainWindows = Math.max(0, trainPoints - need + 1);
    if (trainWindows < MIN_TRAIN_WINDOWS) {
      const maxWindow = trainPoints - d.horizon - MIN_TRAIN_WINDOWS + 1;
      const minLength = Math.ceil((need + MIN_TRAIN_WINDOWS - 1) / d.split.train);
      at(
        written(['data', 'window'], ['data', 'length'], ['data', 'horizon']),
        `window ${d.window} + horizon ${d.horizon} = ${need} points per example, but the training part of the series ` +
          `has ${trainPoints} points (length ${d.length} × split.train ${d.split.train}): that gives ${trainWindows} ` +
          `training window${trainWindows === 1 ? '' : 's'}, and at least ${MIN_TRAIN_WINDOWS} are needed`,
        maxWindow >= 1 ? `lower window to at most ${maxWindow}, or raise length to at least ${minLength}` : `raise length to at least ${minLength}`,
      );
    } else if (Math.floor(d.length * d.split.val) < 1) {
      // A validation example may take its inputs from the end of the training part, but its target
      // must lie in the validation part: with no point there, nothing can be validated.
      at(
        written(['data', 'split', 'val'], ['data', 'length']),
        `the validation part is empty: length ${d.length} × split.val ${d.split.val} is less than one point`,
        `raise split.val to at least ${round(Math.ceil((1 / d.length) * 1000) / 1000)} or raise length`,
      );
    }
  }

  // Generated example sets: `size` examples split by fraction; both parts need at least one.
  if ((TOY_KINDS as readonly string[]).includes(d.kind) && splitSum <= 1 + 1e-9 && trusted('data.kind', 'data.size', 'data.split')) {
    const nTrain = Math.floor(d.size * d.split.train);
    const nVal = Math.floor(d.size * d.split.val);
    if (nTrain < 1 || nVal < 1) {
      at(
        written(['data', 'size'], ['data', 'split']),
        `size ${d.size} × split {train: ${d.split.train}, val: ${d.split.val}} leaves ${nTrain} training and ${nVal} validation examples`,
        'raise size (a few thousand examples is usual) so both parts hold at least one',
      );
    }
  }

  // File tasks need a file; the others ignore one.
  const needsFile = (FILE_KINDS as readonly string[]).includes(d.kind);
  if (needsFile && !d.path && trusted('data.kind', 'data.path')) {
    const example = { csv: './data.csv', text: './corpus.txt', pairs: './pairs.tsv', audio: './clips/', midi: './songs/' }[d.kind as (typeof FILE_KINDS)[number]];
    at(['data', 'kind'], `kind \`${d.kind}\` reads its data from a file, but no \`data.path\` is given`, `add \`path: ${example}\` under \`data:\` (relative to this file)`);
  }
  for (const key of ['path', 'testPath'] as const) {
    const p = d[key];
    if (!p || !trusted('data.kind', `data.${key}`)) continue;
    if (!needsFile) {
      at(['data', key], `\`${key}\` is ignored: kind \`${d.kind}\` generates its data`, `remove \`${key}\`, or set a kind that reads files (${FILE_KINDS.join(', ')})`, 'warning', 'key');
    } else if (!fs.existsSync(p)) {
      at(['data', key], `no such file or folder: ${p}`, 'check the path; a relative path is relative to the YAML file that sets it');
    }
  }
  if (d.minLength > d.maxLength && trusted('data.minLength', 'data.maxLength')) {
    at(
      written(['data', 'minLength'], ['data', 'maxLength']),
      `minLength ${d.minLength} is greater than maxLength ${d.maxLength}`,
      `set minLength ≤ maxLength, e.g. minLength: ${Math.min(d.minLength, d.maxLength)}, maxLength: ${Math.max(d.minLength, d.maxLength)}`,
    );
  }

  // test* metrics are measured only on a `testPath` set: without one such a rule can never hold.
  if (!d.testPath && trusted('data.testPath')) {
    for (const metric of Object.keys(c.expect).filter((k) => k.startsWith('test'))) {
      if (!trusted(`expect.${metric}`)) continue;
      const valName = `val${metric.slice(4)}`;
      at(
        ['expect', metric],
        `\`${metric}\` is measured on a held-out test set, but \`data.testPath\` is not set, so this rule could never hold`,
        `add \`testPath: <file or folder>\` under \`data:\`, or expect \`${valName}\` instead`,
        'error',
        'key',
      );
    }
  }

  // `cell` says which cell a seq2seq model uses; other models are their own cell.
  const m = c.model;
  if (m.type !== 'seq2seq' && m.cell !== m.type && trusted('model.type', 'model.cell')) {
    at(
      ['model', 'cell'],
      `cell \`${m.cell}\` contradicts type \`${m.type}\`: only a seq2seq model has a separate cell`,
      `remove \`cell\` (or set it to null), or set \`type: seq2seq\` to build a ${m.cell} encoder-decoder`,
    );
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
