/** The closing block: how the run ended, best values against the baseline, expect results, where it is. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunErrorInfo, RunSummary } from '../../core/events';
import { duration, num, vsBaseline } from './numbers';
import { rel } from './header';

export function formatSummary(s: RunSummary, runDir: string | undefined, cwd: string, error?: RunErrorInfo): string {
  const lines: string[] = [];
  lines.push(`${s.status} in ${duration(s.durationMs)}: ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}, ${s.steps} steps`);
  if (error) {
    lines.push(`  error     ${error.message}`);
    if (error.hint) lines.push(`  hint      ${error.hint}`);
  }
  const b = s.best;
  if (b.valLoss !== undefined) {
    const vs = vsBaseline(b.valLoss, s.baseline.valLoss);
    lines.push(`  best      epoch ${b.epoch ?? '?'}: valLoss ${num(b.valLoss)}${vs ? ` = ${vs} ${num(s.baseline.valLoss)}` : ''}`);
    if (b.valRmseRaw !== undefined) {
      lines.push(`            RMSE in real units ${num(b.valRmseRaw)} (baseline ${num(s.baseline.valRmseRaw)}), MAE ${num(b.valMaeRaw)} (baseline ${num(s.baseline.valMaeRaw)})`);
    }
  }
  for (const e of s.expect) {
    lines.push(`  expect    ${e.passed ? 'PASS' : 'FAIL'}  ${e.metric} ${e.rule}: ${num(e.value)}`);
  }
  if (runDir) {
    lines.push(`  run       ${rel(runDir, cwd)}`);
    // seq2seq runs keep their weights in checkpoint/ only (`seqlab export` writes encoder/ + decoder/).
    const modelDir = path.join(runDir, 'model');
    if (b.epoch !== undefined && fs.existsSync(path.join(modelDir, 'model.json'))) lines.push(`  model     ${rel(modelDir, cwd)}  (tfjs-layers: model.json + weights.bin)`);
  }
  return `\n${lines.join('\n')}\n`;
}
