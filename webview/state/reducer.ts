/**
 * The dashboard reducer: HostToWebview message in, new State out. Pure (never mutates its input,
 * no DOM), so it runs in Node tests and the same message stream always gives the same state —
 * whether it arrived live in many small batches or replayed from the run folder in one.
 */

import type { EpochRecord, StepRecord, TrainEvent } from '../../src/core/events';
import { assertNever, type DashboardSettings, type HostToWebview } from '../../src/shared/protocol';
import { DEFAULT_SETTINGS, MAX_LOG_LINES, type State, type StepSeries } from './types';

export function emptySteps(): StepSeries {
  return { step: [], epoch: [], loss: [], gradNorm: [], clipped: [], lr: [], samplesPerSec: [], gradNormByLayer: {} };
}

export function initialState(settings: DashboardSettings = DEFAULT_SETTINGS): State {
  return {
    settings: normalizeSettings(settings),
    status: 'idle',
    baseline: {},
    steps: emptySteps(),
    epochs: [],
    samples: {},
    artifacts: {},
    gradients: [],
    log: [],
    hostErrors: [],
  };
}

export function applyMessage(state: State, msg: HostToWebview): State {
  switch (msg.type) {
    case 'init':
      // Always a full reset: the host follows `init` with the run's events (replayed from disk for a
      // reopened panel), so applying the same init twice gives the same state as applying it once.
      return { ...initialState(msg.settings), run: msg.run, status: 'waiting' };
    case 'events': {
      // Events of another run (a late batch after the panel switched runs) are dropped.
      if (state.run && msg.runId !== state.run.runId) return state;
      return applyEvents(state, msg.events);
    }
    case 'settings':
      return { ...state, settings: normalizeSettings(msg.settings) };
    case 'compare':
      // A compare page shows only the overlay; a later `init` turns it back into a run dashboard.
      return { ...initialState(state.settings), compare: { title: msg.title, runs: msg.runs.slice(0, 8) } };
    case 'leaderboard':
      // Like compare: the page shows only the table; each re-send (a point finished) replaces it.
      return { ...initialState(state.settings), leaderboard: msg.board };
    case 'error':
      return { ...state, hostErrors: [...state.hostErrors, msg.message].slice(-MAX_LOG_LINES) };
    default:
      return assertNever(msg);
  }
}

/** Applies a batch of events. The step columns are copied once per batch (not once per step), so a
 * replay of a long run in one batch stays linear; the input state is never mutated. */
export function applyEvents(state: State, events: readonly TrainEvent[]): State {
  let next = state;
  let ownSteps: StepSeries | undefined; // the batch's private copy of the step columns
  for (const ev of events) {
    if (ev.type === 'step') {
      if (!ownSteps) {
        ownSteps = cloneSteps(next.steps);
        next = { ...next, steps: ownSteps };
      }
      pushStep(ownSteps, ev);
    } else {
      next = applyEvent(next, ev);
      // applyEvent never replaces `steps` for non-step events, so ownSteps stays the live copy.
    }
  }
  return next;
}

export function applyEvent(state: State, ev: TrainEvent): State {
  switch (ev.type) {
    case 'start':
      return {
        ...state,
        status: state.end ? state.status : 'running',
        start: {
          runId: ev.runId,
          runDir: ev.runDir,
          experiment: ev.experiment,
          configPath: ev.configPath,
          backend: ev.backend,
          kernel: ev.kernel,
          paramCount: ev.paramCount,
          data: ev.data,
          epochs: ev.epochs,
          stepsPerEpoch: ev.stepsPerEpoch,
          modelType: ev.config?.model?.type ?? '',
          time: ev.time,
          ...(ev.preview ? { preview: ev.preview } : {}),
        },
        baseline: { ...ev.baseline },
        clipNorm: ev.config?.training?.clipNorm,
      };
    case 'step':
      return appendStep(state, ev);
    case 'epoch':
      return upsertEpoch(state, ev);
    case 'gradients': {
      const rest = state.gradients.filter((g) => g.epoch !== ev.epoch);
      const gradients = [...rest, { epoch: ev.epoch, records: ev.records }].sort((a, b) => a.epoch - b.epoch);
      return { ...state, gradients };
    }
    case 'hidden': {
      const { type: _type, ...capture } = ev;
      return { ...state, hidden: capture };
    }
    case 'samples': {
      // Latest set per kind; a run may emit several kinds (e.g. text at two temperatures is one kind).
      const byKind: Record<string, typeof ev.samples> = {};
      for (const s of ev.samples) (byKind[s.kind] ??= []).push(s);
      const samples = { ...state.samples };
      for (const [kind, list] of Object.entries(byKind)) {
        const prev = samples[kind];
        if (!prev || prev.epoch <= ev.epoch) samples[kind] = { epoch: ev.epoch, samples: list };
      }
      return { ...state, samples };
    }
    case 'artifact': {
      // Latest record per name; renderers are picked by kind (confusion, attention, pianoroll, file).
      const { type: _type, ...rec } = ev;
      const prev = state.artifacts[rec.name];
      if (prev && prev.epoch > rec.epoch) return state;
      return { ...state, artifacts: { ...state.artifacts, [rec.name]: rec } };
    }
    case 'log':
      return { ...state, log: [...state.log, { level: ev.level, message: ev.message }].slice(-MAX_LOG_LINES) };
    case 'end':
      return { ...state, status: ev.status, end: { status: ev.status, summary: ev.summary, error: ev.error } };
    default:
      return assertNever(ev);
  }
}

function appendStep(state: State, rec: StepRecord): State {
  const steps = cloneSteps(state.steps);
  pushStep(steps, rec);
  return { ...state, steps };
}

function cloneSteps(s: StepSeries): StepSeries {
  const byLayer: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(s.gradNormByLayer)) byLayer[k] = v.slice();
  return {
    step: s.step.slice(),
    epoch: s.epoch.slice(),
    loss: s.loss.slice(),
    gradNorm: s.gradNorm.slice(),
    clipped: s.clipped.slice(),
    lr: s.lr.slice(),
    samplesPerSec: s.samplesPerSec.slice(),
    gradNormByLayer: byLayer,
  };
}

/** Appends one step record to columns the caller owns. A step at or before the last one is a
 * duplicate (a replay overlapping the live stream) and is ignored, so overlapping deliveries cannot
 * corrupt the series. Layers seen for the first time are back-filled with NaN. */
function pushStep(s: StepSeries, rec: StepRecord): void {
  const last = s.step[s.step.length - 1];
  if (last !== undefined && rec.step <= last) return;
  const n = s.step.length;
  s.step.push(rec.step);
  s.epoch.push(rec.epoch);
  s.loss.push(num(rec.loss));
  s.gradNorm.push(num(rec.gradNorm));
  s.clipped.push(rec.clipped === true);
  s.lr.push(num(rec.lr));
  s.samplesPerSec.push(num(rec.samplesPerSec));
  const layers = rec.gradNormByLayer ?? {};
  for (const layer of Object.keys(layers)) {
    if (!s.gradNormByLayer[layer]) s.gradNormByLayer[layer] = new Array<number>(n).fill(NaN);
  }
  for (const [layer, col] of Object.entries(s.gradNormByLayer)) col.push(num(layers[layer]));
}

function upsertEpoch(state: State, rec: EpochRecord): State {
  const epochs = state.epochs.filter((e) => e.epoch !== rec.epoch);
  epochs.push({ ...rec });
  epochs.sort((a, b) => a.epoch - b.epoch);
  return { ...state, epochs };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}

export function normalizeSettings(s: Partial<DashboardSettings> | undefined): DashboardSettings {
  const smoothing = typeof s?.smoothing === 'number' && s.smoothing >= 0 && s.smoothing < 1 ? s.smoothing : DEFAULT_SETTINGS.smoothing;
  const max = typeof s?.maxPointsPerSeries === 'number' && s.maxPointsPerSeries >= 10 ? Math.floor(s.maxPointsPerSeries) : DEFAULT_SETTINGS.maxPointsPerSeries;
  return { smoothing, maxPointsPerSeries: max, logScale: s?.logScale === true };
}
