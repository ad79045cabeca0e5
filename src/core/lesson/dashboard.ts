/**
 * The detectors over the dashboard's state: the page's reducer already keeps every record they need
 * (webview/state/types.ts State), so a call-out is one pure call per render, with no new event and
 * no change to the protocol. The parameter is structural (the fields of State that matter), so this
 * file imports nothing from the webview and the page bundle may import it (no tfjs, no Node APIs).
 */
import type { EpochRecord, GradientRecord, Metrics, RunErrorInfo, RunStatus } from '../events';
import { detectAll, type DetectorInput, type LessonFinding } from './detectors';

export interface DashboardStateLike {
  start?: { modelType: string; data: { kind: string } };
  baseline: Metrics;
  clipNorm?: number;
  steps: { step: readonly number[]; gradNorm: readonly number[] };
  epochs: readonly EpochRecord[];
  gradients: readonly { epoch: number; records: readonly GradientRecord[] }[];
  end?: { status: Exclude<RunStatus, 'running'>; error?: RunErrorInfo };
}

export function inputFromDashboard(s: DashboardStateLike): DetectorInput {
  return {
    ...(s.start ? { modelType: s.start.modelType, dataKind: s.start.data.kind } : {}),
    baseline: s.baseline,
    ...(s.clipNorm !== undefined ? { clipNorm: s.clipNorm } : {}),
    gradNorms: s.steps.gradNorm,
    stepNumbers: s.steps.step,
    epochs: s.epochs,
    gradients: s.gradients.flatMap((g) => g.records),
    ...(s.end ? { end: { status: s.end.status, ...(s.end.error ? { error: s.end.error } : {}) } } : {}),
  };
}

/** The call-outs the dashboard shows for its current state (each links to `finding.step` of the walkthrough). */
export function dashboardFindings(s: DashboardStateLike): LessonFinding[] {
  return detectAll(inputFromDashboard(s));
}
