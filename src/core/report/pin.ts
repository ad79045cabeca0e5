/**
 * Opt-in committed summaries (`seqlab runs pin RUN`): a small JSON file next to the experiment,
 * `<name>.seqlab.summary.json` beside `<name>.seqlab.yaml`, outside the ignored runs folder, so a
 * pull request that changes a config can carry the result it produced and reviewers see both in one
 * diff. Stable by construction: keys in a fixed order, metrics in the lesson's order, numbers
 * rounded to 4 significant digits, no timings or host names; re-pinning replaces the file. Pure
 * except `pinRun`, which reads the run and writes the file atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExpectResult, Metrics } from '../events';
import { readRun, writeFileAtomic, type RunData } from '../runs';

export const PIN_FORMAT_VERSION = 1;
export const PIN_SUFFIX = '.seqlab.summary.json';

const METRIC_ORDER = ['loss', 'valLoss', 'valMae', 'valRmse', 'valMaeRaw', 'valRmseRaw', 'valAccuracy', 'valTokenAccuracy', 'valExactMatch', 'valPerplexity'];

export class PinError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'PinError';
  }
}

/** `x/adding-race.seqlab.yaml` → `x/adding-race.seqlab.summary.json` (any other YAML: `<file>.summary.json` minus .yaml). */
export function pinFileFor(experimentFile: string): string {
  const dir = path.dirname(experimentFile);
  const base = path.basename(experimentFile).replace(/\.seqlab\.ya?ml$/i, '').replace(/\.ya?ml$/i, '');
  return path.join(dir, `${base}${PIN_SUFFIX}`);
}

/** The summary's JSON text (2-space indent, trailing newline). `file` is where it will be written. */
export function pinnedSummaryText(run: RunData, file: string): string {
  const m = run.meta;
  const s = run.summary;
  const relConfig = m.configPath ? path.relative(path.dirname(file), m.configPath).replace(/\\/g, '/') : undefined;
  const value = {
    pinned: { by: 'seqlab runs pin', formatVersion: PIN_FORMAT_VERSION },
    experiment: m.experiment,
    ...(relConfig ? { config: relConfig } : {}),
    runId: run.runId,
    status: m.status,
    ...(m.git ? { gitCommit: m.git.commit } : {}),
    seed: m.seed,
    ...(m.backend ? { backend: m.backend.name } : {}),
    ...(m.kernel ? { kernel: m.kernel.name } : {}),
    versions: { sequenceLab: m.versions.sequenceLab, ...(m.versions.tfjs ? { tfjs: m.versions.tfjs } : {}) },
    ...(m.data ? { data: { kind: m.data.kind, trainExamples: m.data.trainExamples, valExamples: m.data.valExamples, fingerprint: m.data.fingerprint } } : {}),
    ...(m.paramCount !== undefined ? { parameters: m.paramCount } : {}),
    ...(m.sweep ? { sweep: { id: m.sweep.id, index: m.sweep.index, values: sortedObject(m.sweep.values) } } : {}),
    epochs: s?.epochs ?? run.epochs.length,
    steps: s?.steps ?? run.steps.length,
    ...(s ? { final: metrics(s.final), best: { ...(s.best.epoch !== undefined ? { epoch: s.best.epoch } : {}), ...metrics(s.best) }, baseline: metrics(s.baseline) } : {}),
    ...(s?.expect.length ? { expect: s.expect.map(expectEntry) } : {}),
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Reads the run and writes its summary next to its experiment file (or to `out`). Returns the file. */
export function pinRun(runDir: string, opts: { out?: string } = {}): { file: string; text: string; replaced: boolean } {
  const run = readRun(runDir);
  if (run.meta.status === 'running') throw new PinError(`run ${run.runId} is still running`, 'pin it when it has finished');
  let file = opts.out;
  if (!file) {
    if (!run.meta.configPath) throw new PinError(`run ${run.runId} does not record its experiment file`, 'say where with --out FILE');
    file = pinFileFor(run.meta.configPath);
  }
  file = path.resolve(file);
  const text = pinnedSummaryText(run, file);
  const replaced = fs.existsSync(file);
  writeFileAtomic(file, text);
  return { file, text, replaced };
}

function metrics(m: Metrics): Record<string, number> {
  const names = Object.keys(m).filter((k) => k !== 'epoch' && typeof (m as Record<string, unknown>)[k] === 'number');
  const ordered = [...METRIC_ORDER.filter((n) => names.includes(n)), ...names.filter((n) => !METRIC_ORDER.includes(n)).sort()];
  const out: Record<string, number> = {};
  for (const n of ordered) out[n] = round((m as Record<string, number>)[n] as number);
  return out;
}

function expectEntry(e: ExpectResult): Record<string, unknown> {
  return { metric: e.metric, rule: e.rule, ...(e.value !== undefined ? { value: round(e.value) } : {}), ...(e.threshold !== undefined ? { threshold: round(e.threshold) } : {}), passed: e.passed };
}

/** 4 significant digits: small enough that a rerun on the same path gives the same text. */
function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(4)) : v;
}

function sortedObject(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
