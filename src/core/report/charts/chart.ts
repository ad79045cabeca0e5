/**
 * A line chart as data (ChartSpec) and its SVG text: plain string building, no DOM, so it runs in
 * the CLI and in tests. The PNG writer (png.ts) draws the same layout, so both formats show the
 * same thing. Colours are fixed (a report has no editor theme): dark lines on white.
 */
import { linearLabel, linearTicks, logLabel, logTicks } from './ticks';

export interface Series {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
  /** Dashed (validation curves beside training ones). */
  dashed?: boolean;
  /** Index into PALETTE; default the series' position. */
  colour?: number;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  series: Series[];
  width?: number;
  height?: number;
}

/** Distinguishable on white, also in greyscale print (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export interface Layout {
  width: number;
  height: number;
  plot: { x: number; y: number; w: number; h: number };
  xTicks: Array<{ v: number; px: number; label: string }>;
  yTicks: Array<{ v: number; py: number; label: string }>;
  /** Series in pixel space (points outside a log axis's domain dropped). */
  lines: Array<{ name: string; colour: string; dashed: boolean; pts: Array<[number, number]> }>;
  legend: Array<{ name: string; colour: string; dashed: boolean; x: number; y: number }>;
}

const FONT = 12;
/** Average advance of a 12px sans-serif character (for truncating legend names to their column). */
const CHAR_W = 6.6;
const LEGEND_COLUMNS = 2;

/** Pixel geometry shared by the SVG and PNG writers. */
export function layoutChart(spec: ChartSpec): Layout {
  const width = spec.width ?? 640;
  const height = spec.height ?? 320;
  const legendRows = Math.ceil(spec.series.length / LEGEND_COLUMNS);
  const plot = { x: 64, y: 28, w: width - 64 - 16, h: height - 28 - 44 - legendRows * 16 };
  const usable = (p: readonly [number, number]): boolean => Number.isFinite(p[0]) && Number.isFinite(p[1]) && (!spec.logY || p[1] > 0);
  const all = spec.series.flatMap((s) => s.points.filter(usable));
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = xs.length && Math.max(...xs) > x0 ? Math.max(...xs) : x0 + 1;
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (spec.logY) {
    if (y1 === y0) [y0, y1] = [y0 / 10, y1 * 10];
    [y0, y1] = [10 ** Math.floor(Math.log10(y0)), 10 ** Math.ceil(Math.log10(y1))];
  } else {
    if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
    const pad = (y1 - y0) * 0.05;
    [y0, y1] = [y0 >= 0 && y0 - pad < 0 ? 0 : y0 - pad, y1 + pad];
  }
  const fy = (v: number): number => (spec.logY ? (Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) : (v - y0) / (y1 - y0));
  const px = (v: number): number => plot.x + ((v - x0) / (x1 - x0)) * plot.w;
  const py = (v: number): number => plot.y + plot.h - fy(v) * plot.h;
  const xTicks = linearTicks(x0, x1, 6).filter((v) => v >= x0 && v <= x1).map((v) => ({ v, px: px(v), label: linearLabel(v) }));
  const yTickValues = spec.logY ? logTicks(y0, y1) : linearTicks(y0, y1, 5);
  const yTicks = yTickValues.filter((v) => v >= y0 * (1 - 1e-9) && v <= y1 * (1 + 1e-9)).map((v) => ({ v, py: py(v), label: spec.logY ? logLabel(v) : linearLabel(v) }));
  const lines = spec.series.map((s, i) => ({
    name: s.name,
    colour: PALETTE[(s.colour ?? i) % PALETTE.length] as string,
    dashed: Boolean(s.dashed),
    pts: s.points.filter(usable).map((p): [number, number] => [px(p[0]), py(p[1])]),
  }));
  const colW = (width - plot.x) / LEGEND_COLUMNS;
  const legend = lines.map((l, i) => ({
    name: truncate(l.name, Math.floor((colW - 30) / CHAR_W)),
    colour: l.colour,
    dashed: l.dashed,
    x: plot.x + (i % LEGEND_COLUMNS) * colW,
    y: plot.y + plot.h + 50 + Math.floor(i / LEGEND_COLUMNS) * 16,
  }));
  return { width, height, plot, xTicks, yTicks, lines, legend };
}

export function chartSvg(spec: ChartSpec): string {
  const L = layoutChart(spec);
  const { plot } = L;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" font-family="sans-serif" font-size="${FONT}">`,
    `<title>${esc(spec.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${L.width / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(spec.title)}</text>`,
  ];
  for (const t of L.yTicks) {
    out.push(`<line x1="${plot.x}" y1="${r(t.py)}" x2="${plot.x + plot.w}" y2="${r(t.py)}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${plot.x - 6}" y="${r(t.py + 4)}" text-anchor="end" fill="#444">${esc(t.label)}</text>`);
  }
  for (const t of L.xTicks) {
    out.push(`<line x1="${r(t.px)}" y1="${plot.y + plot.h}" x2="${r(t.px)}" y2="${plot.y + plot.h + 4}" stroke="#888"/>`);
    out.push(`<text x="${r(t.px)}" y="${plot.y + plot.h + 16}" text-anchor="middle" fill="#444">${esc(t.label)}</text>`);
  }
  out.push(`<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${plot.x + plot.w / 2}" y="${plot.y + plot.h + 30}" text-anchor="middle" fill="#444">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${plot.y + plot.h / 2}) rotate(-90)" text-anchor="middle" fill="#444">${esc(spec.yLabel)}</text>`);
  for (const l of L.lines) {
    if (!l.pts.length) continue;
    const d = l.pts.map((p) => `${r(p[0])},${r(p[1])}`).join(' ');
    out.push(`<polyline fill="none" stroke="${l.colour}" stroke-width="1.5"${l.dashed ? ' stroke-dasharray="5 3"' : ''} points="${d}"><title>${esc(l.name)}</title></polyline>`);
  }
  for (const g of L.legend) {
    out.push(`<line x1="${r(g.x)}" y1="${g.y - 4}" x2="${r(g.x + 18)}" y2="${g.y - 4}" stroke="${g.colour}" stroke-width="2"${g.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    out.push(`<text x="${r(g.x + 22)}" y="${g.y}">${esc(g.name)}</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

export function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function r(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** XML text and attribute escaping (run names and config values are user text). */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
