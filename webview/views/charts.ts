/**
 * chart.js set-up: only the pieces the dashboard uses are registered (tree-shaken bundle, nothing
 * from the network). Legends are HTML (keyboard- and screen-reader-friendly), so the canvas legend
 * plugin is not registered.
 */

import { logTick } from './log-ticks';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
  type ScatterDataPoint,
} from 'chart.js';
import type { Theme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, BarController, BarElement, CategoryScale, Tooltip);

export { Chart };
export type LineDataset = ChartDataset<'line', Array<ScatterDataPoint | null>>;

export function applyThemeDefaults(theme: Theme): void {
  Chart.defaults.color = theme.fg;
  Chart.defaults.borderColor = theme.grid;
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = Math.max(11, theme.fontSize - 1);
}

/** Options of a line chart over a linear x axis (step or time index). */
export function lineOptions(theme: Theme, o: { xTitle: string; yTitle: string; logY?: boolean; yMin?: number }): ChartOptions<'line'> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    spanGaps: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    elements: { point: { radius: 0, hitRadius: 6 }, line: { tension: 0 } },
    plugins: {
      tooltip: {
        backgroundColor: theme.background,
        titleColor: theme.fg,
        bodyColor: theme.fg,
        borderColor: theme.grid,
        borderWidth: 1,
        filter: (item) => !(item.dataset as { isGuide?: boolean }).isGuide || item.dataIndex === 0,
      },
    },
    scales: {
      x: {
        type: 'linear',
        title: { display: true, text: o.xTitle, color: theme.muted },
        grid: { color: theme.grid },
        ticks: { color: theme.muted, maxRotation: 0, precision: 0 },
      },
      y: {
        type: o.logY ? 'logarithmic' : 'linear',
        min: o.yMin,
        title: { display: true, text: o.yTitle, color: theme.muted },
        grid: { color: theme.grid },
        ticks: { color: theme.muted, maxTicksLimit: 7, ...(o.logY ? { callback: logTick } : {}) },
      },
    },
  };
}

/** A horizontal guide line (baseline, clip threshold) spanning [x0, x1]. */
export function guideLine(label: string, y: number | undefined, x0: number, x1: number, color: string, width: number): LineDataset {
  return {
    label,
    data: y === undefined ? [] : [{ x: x0, y }, { x: x1, y }],
    borderColor: color,
    backgroundColor: color,
    borderWidth: width,
    borderDash: [6, 4],
    pointRadius: 0,
    isGuide: true,
  } as LineDataset;
}

/**
 * How many points a line chart can show: two per device pixel of its width (min/max buckets keep the
 * extremes), never more than the maxPointsPerSeries setting. Drawing more points than pixels costs
 * chart.js time (every point is an element) and changes nothing on screen. Before the canvas has a
 * width (hidden, not laid out yet) the setting applies.
 */
export function pointBudget(canvas: HTMLCanvasElement, setting: number): number {
  const px = canvas.clientWidth * (window.devicePixelRatio || 1);
  return px > 0 ? Math.min(setting, Math.max(200, Math.round(2 * px))) : setting;
}

/** The state with maxPointsPerSeries lowered to what `canvas` can show (the same object when unchanged). */
export function withPointBudget<S extends { settings: { maxPointsPerSeries: number } }>(state: S, canvas: HTMLCanvasElement): S {
  const max = pointBudget(canvas, state.settings.maxPointsPerSeries);
  return max === state.settings.maxPointsPerSeries ? state : { ...state, settings: { ...state.settings, maxPointsPerSeries: max } };
}
