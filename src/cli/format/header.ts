/** The header `seqlab train` prints before the first step: what runs, where, and against what. */
import * as path from 'node:path';
import type { TrainEvent } from '../../core/events';
import { int, num } from './numbers';

export type StartEvent = Extract<TrainEvent, { type: 'start' }>;

export function formatHeader(e: StartEvent, cwd: string): string {
  const c = e.config;
  const d = e.data;
  const layers = c.model.layers;
  const layerText = layers.map((l) => `${l.units}${l.bidirectional ? '×2 (bidirectional)' : ''}`).join(' → ');
  const backendWhy = e.backend.reasons.length ? `  (${e.backend.reasons.join('; ')})` : e.backend.requested === 'auto' ? '' : '  (requested)';
  const tr = c.training;
  const extras = [tr.clipNorm !== undefined ? `clipNorm ${tr.clipNorm}` : '', tr.clipValue !== undefined ? `clipValue ${tr.clipValue}` : '', tr.schedule ? `${tr.schedule.kind} schedule` : '', tr.earlyStopping ? `early stopping (patience ${tr.earlyStopping.patience})` : '']
    .filter(Boolean)
    .join(', ');
  const base = e.baseline;
  const baseText =
    base.valLoss !== undefined
      ? `${d.baselineName}: valLoss ${num(base.valLoss)}${base.valRmseRaw !== undefined ? `, RMSE ${num(base.valRmseRaw)} in real units` : ''}`
      : d.baselineName || '—';
  const lines = [
    `Sequence Lab · ${e.experiment}${e.configPath ? `  (${rel(e.configPath, cwd)})` : ''}`,
    `  backend   ${e.backend.name}${backendWhy}`,
    `  kernel    ${e.kernel.name} (${e.kernel.reason})`,
    `  model     ${c.model.type}, ${layers.length} layer${layers.length === 1 ? '' : 's'} of ${layerText} units, ${int(e.paramCount)} parameters`,
    `  data      ${d.kind}: ${int(d.trainExamples)} train / ${int(d.valExamples)} val windows of ${d.timeSteps} steps${c.data.horizon ? `, predicting ${c.data.horizon} step${c.data.horizon === 1 ? '' : 's'} ahead` : ''}`,
    `  baseline  ${baseText}`,
    ...(d.extraBaselines ?? []).map((b) => `            ${b.name}${b.metrics.valLoss !== undefined ? `: valLoss ${num(b.metrics.valLoss)}` : ''}`),
    `  training  ${e.epochs} epochs × ${e.stepsPerEpoch} steps (batch ${tr.batchSize}), ${tr.optimizer.name} lr ${tr.optimizer.learningRate}${extras ? `, ${extras}` : ''}`,
    `  run       ${rel(e.runDir, cwd)}`,
  ];
  return `${lines.join('\n')}\n\n`;
}

/** Paths below the working directory print relative (shorter, clickable in terminals). */
export function rel(p: string, cwd: string): string {
  const r = path.relative(cwd, p);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
}
