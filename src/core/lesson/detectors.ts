/**
 * The lesson's detectors: pure functions that look at a run's records (live TrainEvents, or a run
 * folder read back) and say when the run shows one of the lesson's failure modes, with a short
 * "why" and what to try. The dashboard shows them as call-outs linking to their walkthrough step;
 * the walkthrough's milestones use the same verdicts, so what the learner is told and what completes
 * a step can never disagree.
 *
 * - exploding: a non-finite loss or gradient norm (the trainer stops the run and says so), a loss
 *   that blew up to ≥ 100× the baseline's, or (when the run does not clip) a gradient-norm spike far
 *   above the recent steps → clip the gradient or lower the learning rate.
 * - vanishing: only for plain `rnn` cells on tasks with a declared long lag (`adding`, `copy`), from
 *   epoch MIN_EPOCHS on: the first time step gets ≥ 100× less gradient than the last AND the
 *   validation loss is still near the baseline → try LSTM/GRU. Gradients also fade over a window of
 *   the next-value exercise, but there the answer sits in the last steps, so fading is harmless and
 *   the detector stays quiet (no declared lag); an LSTM is the cure, so it never fires on one either.
 *
 * No vscode, no tfjs, no Node APIs: the dashboard bundle imports this file too.
 */
import type { EpochRecord, GradientRecord, Metrics, RunErrorInfo, RunStatus, TrainEvent } from '../events';

/** Walkthrough step ids (package.json contributes.walkthroughs[learnRnns].steps[].id). */
export const STEP_IDS = {
  sequenceData: 'sequenceData',
  firstRnn: 'firstRnn',
  hiddenState: 'hiddenState',
  vanishing: 'vanishingGradients',
  gated: 'compareCells',
  exploding: 'explodingGradients',
  seq2seq: 'seq2seq',
  applications: 'applications',
  nextSteps: 'nextSteps',
} as const;

/** Data kinds whose task is a declared long-term dependency (the lag is `data.window`). */
export const LONG_LAG_KINDS: readonly string[] = ['adding', 'copy'];
/** Vanishing: ‖∂L/∂h_last‖ / ‖∂L/∂h_first‖ at least this. */
export const VANISHING_RATIO = 100;
/** Vanishing: judged from this epoch on (the first epochs of any model are near the baseline). */
export const MIN_EPOCHS = 3;
/** Vanishing: "near the baseline" = validation loss at least this fraction of the baseline's. */
export const NEAR_BASELINE = 0.8;
/** Exploding spike: a step's norm at least this many times the median of the steps before it... */
export const SPIKE_FACTOR = 10;
/** ...over this many previous steps (and only once there are SPIKE_MIN_HISTORY of them)... */
export const SPIKE_WINDOW = 20;
export const SPIKE_MIN_HISTORY = 10;
/** ...and at least this large in absolute terms (tiny norms jumping from 1e-4 to 1e-3 are no explosion). */
export const SPIKE_MIN_NORM = 1;
/** Blow-up: an epoch's training or validation loss at least this many times the baseline's valLoss. */
export const BLOWUP_FACTOR = 100;

export type FindingKind = 'exploding' | 'vanishing';

export interface LessonFinding {
  kind: FindingKind;
  /** One line for the call-out's title. */
  title: string;
  /** Why it happens (one or two sentences, plain text). */
  why: string;
  /** What to try. */
  action: string;
  /** The walkthrough step that shows it (STEP_IDS). */
  step: string;
  /** The numbers that triggered it, for the call-out and tests. */
  evidence: string;
  epoch?: number;
  /** Exploding: the global step of the spike or of the non-finite value. */
  atStep?: number;
  /** Exploding: the run produced NaN/Infinity (as opposed to a spike). */
  nonFinite?: boolean;
  /** Vanishing: ‖∂L/∂h_last‖ / ‖∂L/∂h_first‖. */
  ratio?: number;
}

/** What the detectors read: the same whether it comes from live events, a run folder or the dashboard state. */
export interface DetectorInput {
  /** model.type ('rnn' | 'lstm' | 'gru' | 'seq2seq'). */
  modelType?: string;
  /** data.kind. */
  dataKind?: string;
  baseline: Metrics;
  /** training.clipNorm (undefined: no clipping). */
  clipNorm?: number;
  /** Global gradient norm per step, in step order (NaN/Infinity allowed). */
  gradNorms: readonly number[];
  /** The global step number of each gradNorms entry (same length), when known. */
  stepNumbers?: readonly number[];
  epochs: readonly Pick<EpochRecord, 'epoch' | 'loss' | 'valLoss'>[];
  /** Gradient-through-time records of every epoch. */
  gradients: readonly Pick<GradientRecord, 'epoch' | 'layer' | 'direction' | 'norms'>[];
  end?: { status: Exclude<RunStatus, 'running'>; error?: RunErrorInfo };
}

export function detectAll(input: DetectorInput): LessonFinding[] {
  return [detectExploding(input), detectVanishing(input)].filter((f): f is LessonFinding => f !== undefined);
}

/** The detectors over a TrainEvent stream (a live run, or a run folder replayed as events). */
export function detect(events: readonly TrainEvent[]): LessonFinding[] {
  return detectAll(inputFromEvents(events));
}

export function inputFromEvents(events: readonly TrainEvent[]): DetectorInput {
  const input: DetectorInput & { gradNorms: number[]; stepNumbers: number[]; epochs: EpochRecord[]; gradients: GradientRecord[] } = {
    baseline: {},
    gradNorms: [],
    stepNumbers: [],
    epochs: [],
    gradients: [],
  };
  for (const ev of events) {
    switch (ev.type) {
      case 'start':
        input.modelType = ev.config?.model?.type;
        input.dataKind = ev.config?.data?.kind ?? ev.data?.kind;
        input.baseline = { ...ev.baseline };
        input.clipNorm = ev.config?.training?.clipNorm;
        break;
      case 'step':
        input.gradNorms.push(ev.gradNorm);
        input.stepNumbers.push(ev.step);
        break;
      case 'epoch':
        input.epochs.push(ev);
        break;
      case 'gradients':
        input.gradients.push(...ev.records);
        break;
      case 'end':
        input.end = { status: ev.status, ...(ev.error ? { error: ev.error } : {}) };
        break;
      default:
        break;
    }
  }
  return input;
}

const EXPLODING_WHY =
  'Backpropagation through time multiplies the gradient by the recurrent weights once per step; when they are large the product grows ' +
  'exponentially, one update throws the weights far away, and the loss jumps or becomes NaN.';
const EXPLODING_ACTION = 'Set training.clipNorm (e.g. 1.0) to cap the update, or lower training.optimizer.learningRate.';

export function detectExploding(input: DetectorInput): LessonFinding | undefined {
  const base = { kind: 'exploding' as const, why: EXPLODING_WHY, action: EXPLODING_ACTION, step: STEP_IDS.exploding };
  // 1. A non-finite value: the trainer stops the run on it (its error says "became NaN/Infinity").
  const err = input.end?.error?.message ?? '';
  const badStep = input.gradNorms.findIndex((g) => !Number.isFinite(g));
  const badEpoch = input.epochs.find((e) => !Number.isFinite(e.loss) || (e.valLoss !== undefined && !Number.isFinite(e.valLoss)));
  if (/became (NaN|-?Infinity)/.test(err) || badStep >= 0 || badEpoch) {
    const atStep = input.end?.error?.step ?? (badStep >= 0 ? input.stepNumbers?.[badStep] ?? badStep + 1 : undefined);
    return {
      ...base,
      title: 'Exploding gradients: the loss or gradient became NaN/Infinity',
      evidence: err || (badEpoch ? `epoch ${badEpoch.epoch}: loss ${badEpoch.loss}, valLoss ${badEpoch.valLoss}` : `step ${atStep}: gradient norm ${input.gradNorms[badStep]}`),
      ...(atStep !== undefined ? { atStep } : {}),
      ...(badEpoch ? { epoch: badEpoch.epoch } : {}),
      nonFinite: true,
    };
  }
  // 2. A blow-up: the loss ≥ BLOWUP_FACTOR × the baseline (finite, but the weights have been thrown
  // far away: an early spike can leave the run stuck there with steady, merely large norms).
  const baseline = input.baseline.valLoss;
  const blown = baseline !== undefined && baseline > 0 ? input.epochs.find((e) => Math.max(e.loss, e.valLoss ?? 0) >= BLOWUP_FACTOR * baseline) : undefined;
  if (blown && baseline !== undefined) {
    const worst = Math.max(blown.loss, blown.valLoss ?? 0);
    return {
      ...base,
      title: 'Exploding gradients: the loss blew up',
      evidence: `epoch ${blown.epoch}: loss ${fmt(worst)}, ${fmt(worst / baseline)}× the baseline's ${fmt(baseline)}`,
      epoch: blown.epoch,
      nonFinite: false,
    };
  }
  // 3. A spike: a step's norm ≥ SPIKE_FACTOR × the median of the previous SPIKE_WINDOW steps. Only
  // without clipping: with training.clipNorm set a spike is already capped (the gated cells of
  // step 5 spike once when they find the marked values, and converge), so it is no call-out.
  const spike = input.clipNorm === undefined ? findSpike(input.gradNorms) : undefined;
  if (spike) {
    const atStep = input.stepNumbers?.[spike.index] ?? spike.index + 1;
    return {
      ...base,
      title: 'Exploding gradients: a gradient-norm spike',
      evidence: `step ${atStep}: gradient norm ${fmt(spike.norm)}, ${fmt(spike.norm / spike.median)}× the median ${fmt(spike.median)} of the ${SPIKE_WINDOW} steps before`,
      atStep,
      nonFinite: false,
    };
  }
  return undefined;
}

/** The largest spike (norm / previous median), if any passes the thresholds. */
export function findSpike(norms: readonly number[]): { index: number; norm: number; median: number } | undefined {
  let best: { index: number; norm: number; median: number; factor: number } | undefined;
  for (let i = SPIKE_MIN_HISTORY; i < norms.length; i++) {
    const g = norms[i] as number;
    if (!Number.isFinite(g) || g < SPIKE_MIN_NORM) continue;
    const m = median(norms.slice(Math.max(0, i - SPIKE_WINDOW), i).filter(Number.isFinite));
    if (!(m > 0)) continue;
    const factor = g / m;
    if (factor >= SPIKE_FACTOR && (!best || factor > best.factor)) best = { index: i, norm: g, median: m, factor };
  }
  return best && { index: best.index, norm: best.norm, median: best.median };
}

const VANISHING_WHY =
  'Each step back in time multiplies ∂L/∂h by the recurrent weights and the tanh slope (both below 1 here), so the signal from the ' +
  'early steps fades away before it reaches them: the network cannot learn that the first marked value matters, and stays at the baseline.';
const VANISHING_ACTION = 'Try model.type: lstm or gru (their gated cell state carries the gradient back), or model.init.recurrent: orthogonal.';

export function detectVanishing(input: DetectorInput): LessonFinding | undefined {
  if (input.modelType !== 'rnn' || !input.dataKind || !LONG_LAG_KINDS.includes(input.dataKind)) return undefined;
  const baseline = input.baseline.valLoss;
  if (baseline === undefined || !(baseline > 0)) return undefined;
  // The latest epoch with both its validation loss and its gradient through time.
  const epochs = [...input.epochs].sort((a, b) => b.epoch - a.epoch);
  for (const e of epochs) {
    if (e.epoch < MIN_EPOCHS) return undefined;
    const rec = firstLayerRecord(input.gradients, e.epoch);
    if (!rec || e.valLoss === undefined) continue;
    const first = rec.norms[0];
    const last = rec.norms[rec.norms.length - 1];
    if (first === undefined || last === undefined || !Number.isFinite(first) || !Number.isFinite(last) || !(last > 0)) return undefined;
    const ratio = first > 0 ? last / first : Infinity;
    if (ratio < VANISHING_RATIO || !(e.valLoss >= NEAR_BASELINE * baseline)) return undefined;
    return {
      kind: 'vanishing',
      title: 'Vanishing gradients: the early steps get almost no gradient',
      why: VANISHING_WHY,
      action: VANISHING_ACTION,
      step: STEP_IDS.vanishing,
      evidence:
        `epoch ${e.epoch}: ‖∂L/∂h‖ at t=0 is ${ratio === Infinity ? 'zero' : `${fmt(ratio)}× smaller than`} at t=${rec.norms.length - 1}` +
        `${ratio === Infinity ? ` (${fmt(last)})` : ''}; valLoss ${fmt(e.valLoss)} vs baseline ${fmt(baseline)}`,
      epoch: e.epoch,
      ratio,
    };
  }
  return undefined;
}

/** The first layer's forward record of an epoch: the layer that has to carry the input across the lag. */
function firstLayerRecord(gradients: DetectorInput['gradients'], epoch: number): DetectorInput['gradients'][number] | undefined {
  return gradients.find((g) => g.epoch === epoch && g.direction === 'forward');
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e4 || a < 1e-3) ? x.toExponential(1) : Number(x.toPrecision(3)).toString();
}

