/**
 * `seqlab report RUN... --out FILE.md [--charts svg|png]`: the Markdown of the dashboard's "Copy as
 * Markdown" (runsMarkdown, the one generator) for one or more runs, plus chart images written beside
 * the Markdown file (FILE-loss.svg, FILE-grad-norm.svg, FILE-gradient-through-time.svg, or .png) and linked
 * from a Charts section with relative paths, so the folder can be committed or attached to a PR.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRun, writeFileAtomic, type RunData } from '../runs';
import { chartSvg } from './charts/chart';
import { chartPng } from './charts/png';
import { runCharts } from './charts/run-charts';
import { reportRunOf } from './from-run';
import { runsMarkdown } from './markdown';

export type ChartFormat = 'svg' | 'png' | 'none';

export interface WriteReportOptions {
  runDirs: string[];
  /** The Markdown file; charts go beside it. Without it nothing is written (markdown returned only). */
  out?: string;
  charts?: ChartFormat;
  title?: string;
}

export interface ReportResult {
  markdown: string;
  /** Absolute paths written (the Markdown file first). */
  files: string[];
  /** Reader warnings of the runs. */
  warnings: string[];
}

export function writeReport(o: WriteReportOptions): ReportResult {
  const runs = o.runDirs.map((d) => readRun(d));
  return reportFromRuns(runs, o);
}

export function reportFromRuns(runs: readonly RunData[], o: Omit<WriteReportOptions, 'runDirs'>): ReportResult {
  const warnings = runs.flatMap((r) => r.warnings.map((w) => `${r.runId}: ${w}`));
  const format = o.out ? (o.charts ?? 'svg') : 'none';
  const files: string[] = [];
  const images: Array<{ title: string; file: string }> = [];
  if (o.out && format !== 'none') {
    const out = path.resolve(o.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const stem = path.basename(out).replace(/\.(md|markdown)$/i, '');
    for (const c of runCharts(runs)) {
      const file = path.join(path.dirname(out), `${stem}-${c.name}.${format}`);
      writeFileAtomic(file, chartBytes(c.spec, format));
      files.push(file);
      images.push({ title: c.spec.title, file: path.basename(file) });
    }
  }
  const markdown = runsMarkdown(runs.map(reportRunOf), { ...(o.title ? { title: o.title } : {}), images });
  if (o.out) {
    const out = path.resolve(o.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    writeFileAtomic(out, markdown);
    files.unshift(out);
  }
  return { markdown, files, warnings };
}

function chartBytes(spec: Parameters<typeof chartSvg>[0], format: 'svg' | 'png'): string | Uint8Array {
  return format === 'svg' ? chartSvg(spec) : chartPng(spec);
}
