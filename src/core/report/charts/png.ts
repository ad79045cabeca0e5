/**
 * PNG charts without a native image library: the SVG writer's layout (layoutChart) drawn into an
 * RGBA raster by hand — antialiased lines (coverage from the distance to the segment), 1-px rules,
 * text from a bitmap font (font-data.ts, generated once from DejaVu Sans) — and encoded as a PNG
 * (zlib from Node, the project's CRC-32). Drawn at 2× for sharp lines on high-DPI screens.
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../runs/crc32';
import { layoutChart, type ChartSpec } from './chart';
import { FONT_ASCENT, FONT_HEIGHT, GLYPHS } from './font-data';

const SCALE = 2;

type RGB = readonly [number, number, number];

class Raster {
  readonly px: Uint8Array;
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.px = new Uint8Array(w * h * 4).fill(255);
  }

  /** Blends colour over pixel (x, y) with coverage a in [0, 1]. */
  blend(x: number, y: number, c: RGB, a: number): void {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h || a <= 0) return;
    const i = (y * this.w + x) * 4;
    const k = Math.min(1, a);
    for (let ch = 0; ch < 3; ch++) this.px[i + ch] = Math.round((this.px[i + ch] as number) * (1 - k) + (c[ch] as number) * k);
  }

  /** A segment of width `width`, antialiased: coverage falls off over one pixel at the edge. */
  line(x0: number, y0: number, x1: number, y1: number, c: RGB, width: number): void {
    const half = width / 2;
    const minX = Math.floor(Math.min(x0, x1) - half - 1);
    const maxX = Math.ceil(Math.max(x0, x1) + half + 1);
    const minY = Math.floor(Math.min(y0, y1) - half - 1);
    const maxY = Math.ceil(Math.max(y0, y1) + half + 1);
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len2 = dx * dx + dy * dy;
    for (let y = Math.max(0, minY); y <= Math.min(this.h - 1, maxY); y++) {
      for (let x = Math.max(0, minX); x <= Math.min(this.w - 1, maxX); x++) {
        const cx = x + 0.5;
        const cy = y + 0.5;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((cx - x0) * dx + (cy - y0) * dy) / len2));
        const d = Math.hypot(cx - (x0 + t * dx), cy - (y0 + t * dy));
        this.blend(x, y, c, half + 0.5 - d);
      }
    }
  }

  /** A polyline; dashed as `dash` on, `gap` off along its length. */
  polyline(pts: ReadonlyArray<readonly [number, number]>, c: RGB, width: number, dash?: readonly [number, number]): void {
    let along = 0;
    for (let k = 1; k < pts.length; k++) {
      const [ax, ay] = pts[k - 1] as readonly [number, number];
      const [bx, by] = pts[k] as readonly [number, number];
      const len = Math.hypot(bx - ax, by - ay);
      if (!dash) {
        this.line(ax, ay, bx, by, c, width);
        continue;
      }
      // Split the segment at dash boundaries so the pattern runs on across vertices.
      const period = dash[0] + dash[1];
      let s = 0;
      while (s < len) {
        const phase = (along + s) % period;
        const on = phase < dash[0];
        const step = Math.min(len - s, on ? dash[0] - phase : period - phase);
        if (on) this.line(ax + ((bx - ax) * s) / len, ay + ((by - ay) * s) / len, ax + ((bx - ax) * (s + step)) / len, ay + ((by - ay) * (s + step)) / len, c, width);
        s += step;
      }
      along += len;
    }
  }

  /** Text with its baseline at y; anchor start/middle/end; `vertical` turns it 90° counter-clockwise around (x, y). */
  text(s: string, x: number, y: number, c: RGB, anchor: 'start' | 'middle' | 'end', vertical = false, bold = false): void {
    const glyphs = [...s].map((ch) => GLYPHS[ch] ?? GLYPHS['?'] ?? ([6, ''] as const));
    const width = glyphs.reduce((sum, g) => sum + g[0], 0) * SCALE;
    let pen = anchor === 'start' ? 0 : anchor === 'middle' ? -width / 2 : -width;
    for (const [adv, data] of glyphs) {
      const cov = Buffer.from(data, 'base64');
      for (let gy = 0; gy < FONT_HEIGHT * SCALE; gy++) {
        for (let gx = 0; gx < adv * SCALE; gx++) {
          const a = (cov[Math.floor(gy / SCALE) * adv + Math.floor(gx / SCALE)] ?? 0) / 255;
          if (a <= 0) continue;
          const u = pen + gx;
          const v = gy - FONT_ASCENT * SCALE;
          const [px, py] = vertical ? [x + v, y - u] : [x + u, y + v];
          this.blend(Math.round(px), Math.round(py), c, a);
          if (bold) this.blend(Math.round(px) + 1, Math.round(py), c, a);
        }
      }
      pen += adv * SCALE;
    }
  }
}

function hex(c: string): RGB {
  const n = parseInt(c.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const TEXT: RGB = [0x44, 0x44, 0x44];
const GRID: RGB = [0xe0, 0xe0, 0xe0];
const FRAME: RGB = [0x88, 0x88, 0x88];

/** The chart as PNG bytes: the same layout as chartSvg, drawn at 2× resolution. */
export function chartPng(spec: ChartSpec): Uint8Array {
  const L = layoutChart(spec);
  const S = SCALE;
  const r = new Raster(L.width * S, L.height * S);
  const { plot } = L;
  const [px0, py0, px1, py1] = [plot.x * S, plot.y * S, (plot.x + plot.w) * S, (plot.y + plot.h) * S];
  for (const t of L.yTicks) {
    r.line(px0, t.py * S, px1, t.py * S, GRID, S);
    r.text(t.label, (plot.x - 6) * S, (t.py + 4) * S, TEXT, 'end');
  }
  for (const t of L.xTicks) {
    r.line(t.px * S, py1, t.px * S, py1 + 4 * S, FRAME, S);
    r.text(t.label, t.px * S, (plot.y + plot.h + 16) * S, TEXT, 'middle');
  }
  for (const [a, b, c, d] of [[px0, py0, px1, py0], [px1, py0, px1, py1], [px1, py1, px0, py1], [px0, py1, px0, py0]] as const) r.line(a, b, c, d, FRAME, S);
  r.text(spec.title, (L.width / 2) * S, 18 * S, [0, 0, 0], 'middle', false, true);
  r.text(spec.xLabel, (plot.x + plot.w / 2) * S, (plot.y + plot.h + 30) * S, TEXT, 'middle');
  r.text(spec.yLabel, 18 * S, (plot.y + plot.h / 2) * S, TEXT, 'middle', true);
  for (const l of L.lines) {
    r.polyline(l.pts.map(([x, y]) => [x * S, y * S] as const), hex(l.colour), 1.5 * S, l.dashed ? [5 * S, 3 * S] : undefined);
  }
  for (const g of L.legend) {
    r.polyline([[g.x * S, (g.y - 4) * S], [(g.x + 18) * S, (g.y - 4) * S]], hex(g.colour), 2 * S, g.dashed ? [5 * S, 3 * S] : undefined);
    r.text(g.name, (g.x + 22) * S, g.y * S, [0, 0, 0], 'start');
  }
  return encodePng(r.w, r.h, r.px);
}

/** RGBA 8-bit, no interlace; each scanline with filter 0 (zlib does the compressing). */
export function encodePng(w: number, h: number, rgba: Uint8Array): Uint8Array {
  const raw = new Uint8Array((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) raw.set(rgba.subarray(y * w * 4, (y + 1) * w * 4), y * (w * 4 + 1) + 1);
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, w);
  dv.setUint32(4, h);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const chunks = [chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const sig = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([sig, ...chunks]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  const typeAndData = new Uint8Array(4 + data.length);
  typeAndData.set(Buffer.from(type, 'ascii'), 0);
  typeAndData.set(data, 4);
  out.set(typeAndData, 4);
  dv.setUint32(8 + data.length, crc32(typeAndData));
  return out;
}
