/**
 * Run folders → the compare view's data (protocol CompareRun): per-epoch losses, a downsampled
 * training-loss curve, the last epoch's gradient through time, and a legend label from the config
 * keys where the runs differ. Pure given RunData (the host reads the folders).
 */
import type { RunData } from '../runs';
import type { CompareRun } from '../../shared/protocol';
import { diffConfigs, diffLabel } from './config-diff';
import { reportRunOf } from './from-run';

export const MAX_COMPARE_RUNS = 8;
const MAX_STEP_POINTS = 400;


export function compareRuns(runs: readonly RunData[]): CompareRun[] {
  const chosen = runs.slice(0, MAX_COMPARE_RUNS);
  const configs = chosen.map((r) => reportRunOf(r).config);
  const all = diffConfigs(configs, { ignore: ['name'] });
  // The resolved config repeats model.type as model.cell outside seq2seq: name the runs by the type only.
  const typeRow = all.find((d) => d.key === 'model.type');
  const diff = all.filter((d) => !(d.key === 'model.cell' && typeRow && JSON.stringify(d.values) === JSON.stringify(typeRow.values)));
  return chosen.map((r, i) => {
    const every = Math.max(1, Math.ceil(r.steps.length / MAX_STEP_POINTS));
    const steps: Array<{ x: number; y: number }> = [];
    for (let k = 0; k < r.steps.length; k += every) steps.push({ x: r.steps[k]!.step, y: r.steps[k]!.loss });
    const lastEpoch = r.gradients.reduce((m, g) => Math.max(m, g.epoch), -Infinity);
    const g = r.gradients.find((x) => x.epoch === lastEpoch && x.direction === 'forward');
    const label = diff.length ? diffLabel(diff, i) : r.runId;
    return {
      runId: r.runId,
      runDir: r.runDir,
      label: chosen.filter((x) => x.meta.experiment !== r.meta.experiment).length && !diff.length ? `${r.meta.experiment} ${r.runId}` : label,
      status: r.meta.status,
      epochs: r.epochs.map((e) => ({ epoch: e.epoch, ...(typeof e.loss === 'number' ? { loss: e.loss } : {}), ...(typeof e.valLoss === 'number' ? { valLoss: e.valLoss } : {}) })),
      steps,
      ...(g ? { gradientThroughTime: g.norms } : {}),
      ...(typeof r.summary?.baseline.valLoss === 'number' ? { baselineValLoss: r.summary.baseline.valLoss } : {}),
    };
  });
}
