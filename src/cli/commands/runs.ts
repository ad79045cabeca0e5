/**
 * `seqlab runs list [--runs-dir DIR] [--json] [FILE|DIR]`, `seqlab runs show ID [--runs-dir DIR] [--json] [FILE|DIR]`
 * and `seqlab runs pin ID [--runs-dir DIR] [--out FILE]` (a committed summary; see src/core/report/pin.ts).
 *
 * Where the runs are: `--runs-dir DIR` is the runs root (runs in DIR/.seqlab/runs, as for `train`);
 * else FILE (an experiment file) or DIR locate it by the same rule as training (nearest `.seqlab/`,
 * else the git root, else the folder); with neither, the current folder does.
 * `--json` prints JSON only on stdout; messages go to stderr.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Metrics } from '../../core/events';
import {
  findRootFromDir,
  findRunsRoot,
  listRuns,
  readRun,
  resolveRun,
  runsDirOf,
  RUNS_SUBDIR,
  SEQLAB_DIR,
  type RunData,
} from '../../core/runs';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';
import { indent, textTable } from '../format/text-table';
import { rel } from '../format/header';
import { resolveRunRef } from '../run-ref';
import { PinError, pinRun } from '../../core/report/pin';

const OPTIONS = {
  'runs-dir': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = `seqlab runs list [--runs-dir DIR] [--json] [FILE|DIR]   runs, newest first
seqlab runs show ID [--runs-dir DIR] [--json] [FILE|DIR]  one run (ID: full id, a unique part of it, latest, or a path)
seqlab runs pin ID [--runs-dir DIR] [--out FILE]          write a small summary next to the experiment (NAME.seqlab.summary.json) to commit
`;

export async function runsCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const [sub = 'list', ...rest] = positionals;
  if (sub === 'list') {
    if (rest.length > 1) throw new UsageError(`runs list takes at most one FILE or DIR (got ${rest.length})`);
    return listCommand(io, rootFor(io, values['runs-dir'], rest[0]), values.json);
  }
  if (sub === 'show') {
    const [ref, where, ...extra] = rest;
    if (!ref) throw new UsageError('runs show needs a run id (or a unique part of one, `latest`, or a run folder path)');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    return showCommand(io, ref, rootFor(io, values['runs-dir'], where), values.json);
  }
  if (sub === 'pin') {
    const [ref, ...extra] = rest;
    if (!ref) throw new UsageError('runs pin needs a run id (or a unique part of one, `latest`, or a run folder path)');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    return pinCommand(io, ref, values['runs-dir'], values.out);
  }
  throw new UsageError(`unknown runs subcommand '${sub}' (expected list, show or pin)`);
}

/** The runs root from --runs-dir, FILE or DIR, or the current folder. */
function rootFor(io: CliIO, runsDir: string | undefined, where: string | undefined): string {
  if (runsDir) return path.resolve(io.cwd, runsDir);
  if (!where) return findRootFromDir(io.cwd);
  const abs = path.resolve(io.cwd, where);
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  if (!st) throw new UsageError(`no such file or folder: ${where}`);
  if (st.isFile()) return findRunsRoot(abs);
  // Accept the runs folder or the .seqlab folder themselves, as people paste them.
  if (path.basename(abs) === RUNS_SUBDIR && path.basename(path.dirname(abs)) === SEQLAB_DIR) return path.dirname(path.dirname(abs));
  if (path.basename(abs) === SEQLAB_DIR) return path.dirname(abs);
  if (fs.existsSync(path.join(abs, SEQLAB_DIR))) return abs;
  return findRootFromDir(abs);
}

function listCommand(io: CliIO, root: string, json: boolean): number {
  const runs = listRuns(root);
  const runsDir = runsDirOf(root);
  if (json) {
    io.stdout(`${JSON.stringify({ root, runsDir, runs }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (runs.length === 0) {
    io.stdout(`No runs in ${runsDir}.\nTrain one with: seqlab train FILE.seqlab.yaml\n`);
    return EXIT_OK;
  }
  io.stdout(`Runs in ${runsDir} (newest first):\n\n`);
  const rows = runs.map((r) => [
    r.runId,
    r.experiment,
    r.status + (r.damaged ? ' (damaged)' : ''),
    shortTime(r.startedAt),
    fmtNum(r.best?.valLoss),
    fmtBytes(r.diskBytes),
  ]);
  io.stdout(textTable(['ID', 'EXPERIMENT', 'STATUS', 'STARTED (UTC)', 'BEST valLoss', 'SIZE'], rows, [4, 5]));
  io.stdout(`\n${runs.length} run${runs.length === 1 ? '' : 's'}. Details: seqlab runs show ID\n`);
  return EXIT_OK;
}

function pinCommand(io: CliIO, ref: string, runsDir: string | undefined, out: string | undefined): number {
  const found = resolveRunRef(ref, runsDir, io);
  if (!found.ok) {
    io.stderr(`seqlab runs pin: ${found.message}\n`);
    return EXIT_USAGE;
  }
  try {
    const pinned = pinRun(found.runDir, out ? { out: path.resolve(io.cwd, out) } : {});
    io.stdout(`${pinned.replaced ? 'Replaced' : 'Wrote'} ${rel(pinned.file, io.cwd)} (run ${found.runId}). Commit it beside the experiment file.\n`);
    return EXIT_OK;
  } catch (err) {
    if (!(err instanceof PinError)) throw err;
    io.stderr(`seqlab runs pin: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}\n`);
    return EXIT_USAGE;
  }
}

function showCommand(io: CliIO, ref: string, root: string, json: boolean): number {
  const found = resolveRun(ref, root, io.cwd);
  if (!found.ok) {
    io.stderr(`seqlab runs show: ${found.message}\n`);
    return EXIT_USAGE;
  }
  const run = readRun(found.runDir);
  const files = fileSizes(run);
  if (json) {
    const { steps, gradients, samples, hidden, ...rest } = run;
    const out = {
      ...rest,
      status: run.meta.status,
      files,
      counts: { steps: steps.length, epochs: run.epochs.length, gradients: gradients.length, samples: samples.length, hidden: hidden !== undefined },
      lastStep: steps[steps.length - 1],
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return EXIT_OK;
  }
  io.stdout(detail(run, files));
  return EXIT_OK;
}

function detail(run: RunData, files: Array<{ name: string; bytes: number }>): string {
  const m = run.meta;
  const out: string[] = [];
  const kv = (k: string, v: string | undefined): void => {
    if (v !== undefined && v !== '') out.push(`  ${k.padEnd(11)} ${v}`);
  };
  out.push(`Run ${run.runId}`);
  kv('status', run.statusReason ? `${m.status} (meta.json says ${run.recordedStatus}: ${run.statusReason})` : m.status);
  kv('experiment', m.experiment);
  kv('config', m.configPath);
  kv('folder', run.runDir);
  kv('started', m.startedAt);
  kv('ended', m.endedAt ? `${m.endedAt} (${fmtDuration(Date.parse(m.endedAt) - Date.parse(m.startedAt))})` : undefined);
  if (!m.endedAt) kv('heartbeat', m.heartbeatAt);
  kv('seed', String(m.seed));
  kv('host', m.host ? `${m.host} (pid ${m.pid}, ${m.platform})` : undefined);
  kv('versions', `sequence-lab ${m.versions.sequenceLab}, node ${m.versions.node}${m.versions.tfjs ? `, tfjs ${m.versions.tfjs}` : ''}`);
  kv('git', m.git ? `${m.git.commit.slice(0, 12)}${m.git.branch ? ` (${m.git.branch})` : ''}` : undefined);
  if (m.backend) {
    kv('backend', `${m.backend.name} (asked for ${m.backend.requested})${m.backend.detail ? `, ${m.backend.detail}` : ''}`);
    for (const why of m.backend.reasons) out.push(`              not used: ${why}`);
  }
  kv('kernel', m.kernel ? `${m.kernel.name} (asked for ${m.kernel.requested}): ${m.kernel.reason}` : undefined);
  if (m.data) {
    const d = m.data;
    kv('data', `${d.kind}, ${d.task}: ${d.trainExamples} train / ${d.valExamples} val${d.testExamples ? ` / ${d.testExamples} test` : ''} examples, ${d.timeSteps} steps × ${d.features} features → ${d.outputs}`);
    kv('baseline', d.baselineName);
    kv('fingerprint', d.fingerprint);
  }
  kv('parameters', m.paramCount !== undefined ? String(m.paramCount) : undefined);
  const lastEpoch = run.epochs[run.epochs.length - 1];
  const lastStep = run.steps[run.steps.length - 1];
  kv('progress', `epoch ${lastEpoch?.epoch ?? 0}${m.epochs ? `/${m.epochs}` : ''}, step ${lastStep?.step ?? lastEpoch?.step ?? 0} (${run.steps.length} step and ${run.epochs.length} epoch records)`);
  kv('checkpoint', run.checkpoint ? `epoch ${run.checkpoint.epoch}, step ${run.checkpoint.step}` : undefined);
  if (m.error) {
    out.push('', 'Error');
    out.push(`  ${m.error.message}`);
    if (m.error.hint) out.push(`  fix: ${m.error.hint}`);
    if (m.error.file) out.push(`  at ${m.error.file}${m.error.line ? `:${m.error.line}` : ''}${m.error.key ? ` (${m.error.key})` : ''}`);
  }
  const s = run.summary;
  if (s) {
    out.push('', `Summary (${s.epochs} epochs, ${s.steps} steps, ${fmtDuration(s.durationMs)})`);
    const names = metricNames(s.final, s.best, s.baseline);
    const rows = names.map((n) => [n, fmtNum(s.final[n]), fmtNum(s.best[n]), fmtNum(s.baseline[n])]);
    out.push(indent(textTable(['metric', 'final', `best${s.best.epoch !== undefined ? ` (epoch ${s.best.epoch})` : ''}`, 'baseline'], rows, [1, 2, 3])));
    for (const e of s.expect) {
      out.push(`  expect ${e.metric} ${e.rule}: ${e.passed ? 'passed' : 'FAILED'} (value ${fmtNum(e.value)}, threshold ${fmtNum(e.threshold)})`);
    }
  } else if (lastEpoch) {
    out.push('', `Last epoch (no summary yet): loss ${fmtNum(lastEpoch.loss)}${lastEpoch.valLoss !== undefined ? `, valLoss ${fmtNum(lastEpoch.valLoss)}` : ''}`);
  }
  out.push('', 'Files');
  for (const f of files) out.push(`  ${f.name.padEnd(18)} ${fmtBytes(f.bytes).padStart(9)}`);
  if (run.warnings.length) {
    out.push('', 'Warnings');
    for (const w of run.warnings) out.push(`  - ${w}`);
  }
  return `${out.join('\n')}\n`;
}

const METRIC_ORDER: Array<keyof Metrics> = [
  'loss', 'valLoss', 'valMae', 'valRmse', 'valMaeRaw', 'valRmseRaw', 'valAccuracy', 'valTokenAccuracy', 'valExactMatch',
  'valPerplexity', 'testLoss', 'testAccuracy', 'testMae', 'testRmse', 'testMaeRaw', 'testRmseRaw', 'testTokenAccuracy',
  'testExactMatch', 'testPerplexity',
];

function metricNames(...objs: Metrics[]): Array<keyof Metrics> {
  return METRIC_ORDER.filter((n) => objs.some((o) => typeof o[n] === 'number'));
}

function fileSizes(run: RunData): Array<{ name: string; bytes: number }> {
  return run.files.map((name) => {
    const p = path.join(run.runDir, name);
    let bytes = 0;
    try {
      const st = fs.statSync(p);
      bytes = st.isDirectory() ? dirBytes(p) : st.size;
    } catch {
      // vanished while listing
    }
    return { name, bytes };
  });
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : e.isFile() ? fs.statSync(p).size : 0;
  }
  return total;
}


function shortTime(iso: string | undefined): string {
  if (!iso) return '-';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

function fmtNum(v: number | undefined): string {
  if (v === undefined || v === null) return '-';
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
