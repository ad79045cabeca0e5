/**
 * Dashboard entry (bundled to dist/webview.js, an iife). Messages from the host go through the pure
 * reducer; views only render the state. The page posts `ready` once its listener is attached; the
 * host queues everything until then.
 */

import { assertNever, type HostToWebview, type WebviewPersistedState, type WebviewToHost } from '../src/shared/protocol';
import { applyMessage, initialState } from './state/reducer';
import { currentEpoch } from './state/series';
import type { State } from './state/types';
import { ArtifactsView } from './views/artifacts';
import { applyThemeDefaults, Chart } from './views/charts';
import { CompareView } from './views/compare';
import { DataPreviewView } from './views/data-preview';
import { el } from './views/dom';
import { FindingsView } from './views/findings';
import { addExportButtons } from './views/export';
import { GradChart } from './views/grad';
import { GradientTimeView } from './views/gradient-time';
import { HiddenStateView } from './views/hidden-state';
import { Header } from './views/header';
import { LeaderboardView } from './views/leaderboard';
import { LossChart } from './views/loss';
import { parsePrefs, type ViewPrefs } from './views/prefs';
import { SamplesView } from './views/samples';
import { readTheme, watchTheme, type Theme } from './views/theme';
import { ViewMemo } from './view-memo';

interface VsCodeApi {
  postMessage(msg: WebviewToHost): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PersistedPage extends WebviewPersistedState {
  prefs?: ViewPrefs;
}

const vscode: VsCodeApi = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: () => {}, getState: () => undefined, setState: () => {} };
const persisted = (vscode.getState() ?? {}) as PersistedPage;
const prefs: ViewPrefs = parsePrefs(persisted.prefs);

let state: State = initialState();
/** The state the views are drawing (a sliced render keeps one state from its first view to `publish`). */
let shown: State = state;
let theme: Theme = readTheme();
applyThemeDefaults(theme);

const app = document.getElementById('app') ?? document.body.appendChild(el('div', { attrs: { id: 'app' } }));
app.setAttribute('role', 'main');
const post = (m: WebviewToHost): void => vscode.postMessage(m);
const header = new Header(post, () => state.run?.runId ?? state.start?.runId);
const loss = new LossChart(theme, prefs, () => prefsChanged());
const grad = new GradChart(theme, prefs, () => prefsChanged());
const samples = new SamplesView();
const artifacts = new ArtifactsView();
const findings = new FindingsView(post);
const gradientTime = new GradientTimeView(theme, () => render());
const hiddenState = new HiddenStateView(() => render());
const dataPreview = new DataPreviewView(theme);
const compare = new CompareView(theme, () => {
  const id = state.compare?.runs[0]?.runId;
  if (id) post({ type: 'copyMarkdown', runId: id });
});
const leaderboard = new LeaderboardView(post, () => render());
const logList = el('ol', { class: 'log-lines' });
const logBox = el('details', { class: 'log card wide' }, [el('summary', { text: 'Run log' }), logList]);
// PNG / CSV export on every chart card (the host saves into the run's artifacts/ by default).
// In compare mode the exports go to the first compared run's folder.
const currentRun = (): string | undefined => state.run?.runId ?? state.start?.runId ?? state.compare?.runs[0]?.runId;
for (const [card, name] of [[loss.card, 'loss'], [grad.card, 'gradient-norm'], [gradientTime.card, 'gradient-through-time'], [hiddenState.card, 'hidden-state'], [dataPreview.card, 'data'], [compare.card, 'compare'], [compare.gttCard, 'compare-gradient-through-time']] as const) {
  addExportButtons({ card, name, canvas: () => card.chartArea.querySelector('canvas') ?? undefined }, post, currentRun, () => theme);
}
/** Machine-readable copy of what the charts draw, for tests and tools (bounded by maxPointsPerSeries). */
const stateJson = el('script', { attrs: { type: 'application/json', id: 'seqlab-state' } });
/** Everything of the single-run dashboard (hidden while the page shows a comparison). */
const runView = el('div', { class: 'run-view' }, [
  header.root,
  findings.root,
  el('div', { class: 'grid' }, [loss.card.root, grad.card.root]),
  gradientTime.card.root,
  hiddenState.card.root,
  samples.root,
  artifacts.root,
  dataPreview.card.root,
  logBox,
]);
app.replaceChildren(runView, compare.root, leaderboard.root, stateJson);

function prefsChanged(): void {
  persist();
  render();
}

function persist(): void {
  const runId = state.run?.runId ?? state.start?.runId ?? persisted.runId;
  const runDir = state.run?.runDir ?? state.start?.runDir ?? persisted.runDir;
  const lb = state.leaderboard;
  const next: PersistedPage = { runId, runDir, prefs, ...(lb?.root ? { leaderboard: { root: lb.root, sweepId: lb.sweepId } } : {}) };
  vscode.setState(next);
}

let scheduled = false;
/** A slice of a render is running (a message that arrives meanwhile asks for one more pass). */
let rendering = false;
let dirty = false;
function scheduleRender(): void {
  if (rendering) dirty = true;
  if (scheduled || rendering) return;
  scheduled = true;
  // A timer rather than requestAnimationFrame: rAF does not fire in a hidden webview tab, and the
  // page must stay current (and testable) while in the background. Batches arrive ≤ 10/s anyway.
  // While a run is live with a long series, at most ~4 redraws a second: each redraw costs the whole
  // series, a person cannot read faster, and the main thread stays free for input.
  const n = state.steps.step.length;
  const delay = n > 20_000 ? 500 : n > 1_000 && state.status === 'running' ? 250 : 16;
  setTimeout(() => {
    scheduled = false;
    void renderSliced();
  }, delay);
}

/**
 * The live render, one view per task: the page yields to the event loop between views, so a
 * busy feed never holds the main thread for the sum of every chart's redraw (long tasks stay short;
 * test/e2e/long-tasks.js measures them). Messages arriving meanwhile trigger one more pass.
 */
async function renderSliced(): Promise<void> {
  rendering = true;
  dirty = false;
  shown = state;
  try {
    for (const v of views) {
      // Views whose inputs did not change since they were drawn are skipped (view-memo.ts), and
      // cost no task of their own.
      if (!memo.needsUpdate(v[0], v[2]?.(shown))) continue;
      renderView(v);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    publish();
  } finally {
    rendering = false;
  }
  if (dirty) scheduleRender();
}

/** The state every view may read besides its own part (a change there redraws everything). */
const common = (s: State): unknown[] => [s.start, s.status, s.end, s.settings];
/** [name, update, inputs]: a view is redrawn when one of its inputs changed (no inputs: every pass). */
type View = [string, () => void, ((s: State) => unknown[])?];
const memo = new ViewMemo();
const views: View[] = [
  ['compare', () => {
    runView.hidden = shown.compare !== undefined || shown.leaderboard !== undefined;
    compare.update(shown, theme);
  }, (s) => [s.compare, s.leaderboard, ...common(s)]],
  ['leaderboard', () => leaderboard.update(shown)],
  ['header', () => header.update(shown)],
  ['lesson call-outs', () => findings.update(shown)],
  ['loss', () => loss.update(shown, theme), (s) => [s.steps, s.epochs, s.baseline, s.clipNorm, ...common(s)]],
  ['gradients', () => grad.update(shown, theme), (s) => [s.steps, s.epochs, s.clipNorm, ...common(s)]],
  ['samples', () => samples.update(shown, theme), (s) => [s.samples, s.baseline, ...common(s)]],
  ['artifacts', () => artifacts.update(shown, theme), (s) => [s.artifacts, ...common(s)]],
  ['gradient through time', () => gradientTime.update(shown, theme), (s) => [s.gradients, ...common(s)]],
  ['hidden state', () => hiddenState.update(shown, theme), (s) => [s.hidden, ...common(s)]],
  ['data', () => dataPreview.update(shown, theme), (s) => [s.baseline, ...common(s)]],
  ['log', () => renderLog()],
];
const failedViews = new Set<string>();

/** Renders every view; one failing view is reported to the host once and does not blank the others. */
function render(): void {
  shown = state;
  memo.invalidate();
  for (const v of views) {
    memo.needsUpdate(v[0], v[2]?.(shown));
    renderView(v);
  }
  publish();
}

/** Per-view update durations (ms), recorded only when a profiler asks (test/e2e/long-tasks.js). */
const viewTimes: Record<string, number[]> | undefined = (window as unknown as { __seqlabProfile?: boolean }).__seqlabProfile ? {} : undefined;

function renderView([name, update]: View): void {
  const t0 = viewTimes ? performance.now() : 0;
  try {
    update();
    failedViews.delete(name);
    if (viewTimes) (viewTimes[name] ??= []).push(performance.now() - t0);
  } catch (err) {
    memo.forget(name);
    if (!failedViews.has(name)) {
      failedViews.add(name);
      reportError(`the ${name} view failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
}

function renderLog(): void {
  const lines = shown.log;
  if (logList.childElementCount === lines.length && logList.dataset.first === lines[0]?.message) return;
  logList.replaceChildren(...lines.map((l) => el('li', { class: `log-${l.level}`, text: l.message })));
  logList.dataset.first = lines[0]?.message ?? '';
}

/** Data attributes to wait on and a JSON copy of the drawn series. */
function publish(): void {
  app.dataset.status = shown.status;
  app.dataset.runId = shown.run?.runId ?? shown.start?.runId ?? '';
  app.dataset.steps = String(shown.steps.step.length);
  app.dataset.epochs = String(shown.epochs.length);
  app.dataset.epoch = String(currentEpoch(shown));
  app.dataset.theme = theme.kind;
  stateJson.textContent = JSON.stringify(snapshot());
}

function snapshot(): unknown {
  return {
    runId: app.dataset.runId,
    runDir: shown.start?.runDir ?? shown.run?.runDir,
    status: shown.status,
    steps: shown.steps.step.length,
    epochs: shown.epochs.map((e) => ({ epoch: e.epoch, step: e.step, loss: e.loss, valLoss: e.valLoss, clippedFraction: e.clippedFraction })),
    baseline: shown.baseline,
    clipNorm: shown.clipNorm,
    loss: loss.last && { raw: loss.last.drawn.raw, smoothed: loss.last.drawn.smoothed, val: loss.last.drawn.val, baseline: loss.last.baseline },
    grad: grad.last && { raw: grad.last.drawn.raw, byLayer: grad.last.drawn.byLayer, clipNorm: grad.last.clipNorm, clippedShare: grad.last.clippedShare },
    compare: shown.compare && compare.chart.data.datasets.map((d) => ({ label: d.label, points: d.data.length })),
    samples: Object.fromEntries(Object.entries(shown.samples).map(([k, v]) => [k, { epoch: v.epoch, count: v.samples.length }])),
    leaderboard: shown.leaderboard && { sweepId: shown.leaderboard.sweepId, rows: shown.leaderboard.rows.length, order: leaderboard.order },
    artifacts: Object.values(shown.artifacts).map((a) => ({ name: a.name, kind: a.kind, epoch: a.epoch, ...(a.file ? { file: a.file.name } : {}) })),
  };
}

function onMessage(msg: HostToWebview): void {
  switch (msg.type) {
    case 'init':
    case 'events':
    case 'settings':
    case 'error':
    case 'compare':
    case 'leaderboard':
      state = applyMessage(state, msg);
      if (msg.type === 'init' || msg.type === 'leaderboard') persist();
      if (msg.type === 'events' && msg.events.some((e) => e.type === 'start')) persist();
      scheduleRender();
      return;
    default:
      assertNever(msg);
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = event.data as HostToWebview | undefined;
  if (!msg || typeof msg !== 'object' || typeof (msg as { type?: unknown }).type !== 'string') return;
  onMessage(msg);
});

// Uncaught errors of the page: counted on #app (tests read data-errors) and reported to the host's log.
let pageErrors = 0;
const reportError = (what: string): void => {
  pageErrors++;
  app.dataset.errors = String(pageErrors);
  post({ type: 'log', level: 'error', message: `dashboard: ${what}` });
};
window.addEventListener('error', (e) => reportError(e.error instanceof Error ? (e.error.stack ?? e.error.message) : String(e.message)));
window.addEventListener('unhandledrejection', (e) => reportError(`unhandled rejection: ${String(e.reason)}`));

watchTheme(() => {
  theme = readTheme();
  applyThemeDefaults(theme);
  render();
});

// For tests and debugging: the reducer state and what the charts were last given.
(window as unknown as { __seqlab: unknown }).__seqlab = {
  state: () => state,
  charts: () => ({ loss: loss.last, grad: grad.last }),
  chartCount: () => Object.keys(Chart.instances).length,
  viewTimes: () => viewTimes,
  theme: () => theme,
  /** Line colours the charts were last given (a theme change must reach them). */
  chartColors: () => ({
    loss: loss.chart.data.datasets.map((d) => String(d.borderColor)),
    grad: grad.chart.data.datasets.map((d) => String(d.borderColor)),
  }),
};

render();
post({ type: 'ready' });
