/**
 * A small canvas heatmap (chart.js has none): rows × columns of a Heatmap, a log or linear colour
 * scale, axis labels and an HTML colour bar. Colour maps: viridis (sequential, colour-blind safe)
 * for magnitudes; a diverging map through the card background for signed values (hidden state).
 */

import type { Heatmap } from '../state/heatmaps';
import { el } from './dom';
import type { Theme } from './theme';

type Rgb = [number, number, number];

const VIRIDIS: Rgb[] = [
  [68, 1, 84], [72, 40, 120], [62, 73, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37],
];

function lerp(stops: Rgb[], t: number): Rgb {
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

function parseColor(c: string): Rgb {
  const hex = /^#([0-9a-f]{6})/i.exec(c.trim());
  if (hex) return [parseInt(hex[1]!.slice(0, 2), 16), parseInt(hex[1]!.slice(2, 4), 16), parseInt(hex[1]!.slice(4, 6), 16)];
  const rgb = /rgba?\(([^)]+)\)/i.exec(c);
  if (rgb) {
    const [r, g, b] = rgb[1]!.split(',').map((s) => parseFloat(s));
    return [r ?? 0, g ?? 0, b ?? 0];
  }
  return [128, 128, 128];
}

export interface ColorScale {
  kind: 'log' | 'linear' | 'diverging';
  min: number;
  max: number;
  color(v: number): Rgb | undefined;
  /** CSS gradient for the colour bar, low → high. */
  gradient: string;
  ticks: Array<{ at: number; label: string }>;
}

/** Log scale over [positiveMin, max] (decades), viridis. */
export function logScale(min: number, max: number): ColorScale {
  const lo = Math.log10(min);
  const hi = Math.max(Math.log10(max), lo + 1e-9);
  const ticks: Array<{ at: number; label: string }> = [];
  for (let d = Math.ceil(lo); d <= Math.floor(hi); d++) ticks.push({ at: (d - lo) / (hi - lo), label: `1e${d}` });
  return {
    kind: 'log', min, max,
    color: (v) => (Number.isFinite(v) && v > 0 ? lerp(VIRIDIS, (Math.log10(v) - lo) / (hi - lo)) : undefined),
    gradient: `linear-gradient(to right, ${VIRIDIS.map((c) => `rgb(${c.join(',')})`).join(', ')})`,
    ticks,
  };
}

/** Symmetric diverging scale around 0 (negative → blue, 0 → background, positive → red). */
export function divergingScale(absMax: number, theme: Theme): ColorScale {
  const m = absMax > 0 ? absMax : 1;
  const stops: Rgb[] = [parseColor(theme.blue), parseColor(theme.background), parseColor(theme.red)];
  return {
    kind: 'diverging', min: -m, max: m,
    color: (v) => (Number.isFinite(v) ? lerp(stops, (v + m) / (2 * m)) : undefined),
    gradient: `linear-gradient(to right, ${theme.blue}, ${theme.background}, ${theme.red})`,
    ticks: [{ at: 0, label: (-m).toPrecision(2) }, { at: 0.5, label: '0' }, { at: 1, label: m.toPrecision(2) }],
  };
}

const MARGIN = { left: 48, right: 8, top: 6, bottom: 28 };

/** A heatmap canvas plus colour bar; redraw with `draw`. */
export class HeatmapView {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly bar: HTMLElement;
  private readonly barTicks: HTMLElement;
  private last: { map: Heatmap; scale: ColorScale; theme: Theme; xLabel: string; yLabel: string } | undefined;

  constructor(label: string) {
    this.canvas = el('canvas', { attrs: { role: 'img', 'aria-label': label } });
    this.bar = el('div', { class: 'colorbar', attrs: { 'aria-hidden': 'true' } });
    this.barTicks = el('div', { class: 'colorbar-ticks', attrs: { 'aria-hidden': 'true' } });
    this.root = el('div', { class: 'heatmap' }, [el('div', { class: 'heatmap-canvas' }, [this.canvas]), el('div', { class: 'colorbar-wrap' }, [this.bar, this.barTicks])]);
    // Redraw at the new size when the panel is resized.
    new ResizeObserver(() => this.redraw()).observe(this.root);
  }

  draw(map: Heatmap, scale: ColorScale, theme: Theme, xLabel: string, yLabel: string): void {
    this.last = { map, scale, theme, xLabel, yLabel };
    this.bar.style.setProperty('--gradient', scale.gradient);
    this.barTicks.replaceChildren(...scale.ticks.map((t) => {
      const s = el('span', { text: t.label });
      s.style.setProperty('--at', `${(t.at * 100).toFixed(2)}%`);
      return s;
    }));
    this.redraw();
  }

  private redraw(): void {
    const d = this.last;
    if (!d) return;
    const { map, scale, theme } = d;
    const width = Math.max(200, this.root.clientWidth);
    const rowPx = Math.max(6, Math.min(22, Math.floor(220 / Math.max(1, map.rows.length))));
    const height = MARGIN.top + MARGIN.bottom + Math.max(60, rowPx * map.rows.length);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = height - MARGIN.top - MARGIN.bottom;
    if (map.rows.length && map.cols) {
      // One pixel per cell in an offscreen image, scaled up without smoothing.
      const img = new ImageData(map.cols, map.rows.length);
      map.values.forEach((row, r) => {
        for (let c = 0; c < map.cols; c++) {
          const rgb = scale.color(row[c] ?? NaN);
          const o = (r * map.cols + c) * 4;
          if (rgb) {
            img.data[o] = rgb[0];
            img.data[o + 1] = rgb[1];
            img.data[o + 2] = rgb[2];
            img.data[o + 3] = 255;
          }
        }
      });
      const off = document.createElement('canvas');
      off.width = map.cols;
      off.height = map.rows.length;
      off.getContext('2d')?.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(off, MARGIN.left, MARGIN.top, plotW, plotH);
    }
    // Axes: time steps along x, rows along y (a few labels, no overlap).
    ctx.fillStyle = theme.muted;
    ctx.font = `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const xTicks = niceTicks(map.cols, Math.max(2, Math.floor(plotW / 60)));
    for (const t of xTicks) ctx.fillText(String(t), MARGIN.left + ((t + 0.5) / map.cols) * plotW, MARGIN.top + plotH + 3);
    ctx.fillText(d.xLabel, MARGIN.left + plotW / 2, MARGIN.top + plotH + 15);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil((map.rows.length * 14) / plotH));
    map.rows.forEach((r, i) => {
      const lastRow = i === map.rows.length - 1 && i % every >= Math.ceil(every / 2);
      if (i % every === 0 || lastRow) ctx.fillText(String(r), MARGIN.left - 6, MARGIN.top + ((i + 0.5) / map.rows.length) * plotH);
    });
    ctx.save();
    ctx.translate(11, MARGIN.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(d.yLabel, 0, 0);
    ctx.restore();
  }
}

/** Up to `max` integer tick positions in [0, n). */
function niceTicks(n: number, max: number): number[] {
  if (n <= 0) return [];
  const step = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let t = 0; t < n; t += step) out.push(t);
  if (out[out.length - 1] !== n - 1 && n - 1 - out[out.length - 1]! >= Math.max(2, step * 0.8)) out.push(n - 1);
  return out;
}
