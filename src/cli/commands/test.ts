/**
 * `seqlab test [GLOB|DIR|FILE]... [--runs-dir DIR] [--set key.path=value]... [--isolate]`
 *
 * Learning tests for CI: trains every matching experiment that has an `expect:` block (every point
 * of its `sweep:` grid, each checked against the same expect), prints one line per experiment
 * (point), then `N passed, N failed`. Exit 1 on any failure, 2 when nothing matches or usage is bad.
 * With no argument it looks for `**\/*.seqlab.yaml` under the current folder. Runs train in this
 * process; `--isolate` trains each in its own child process (a crash cannot affect the next one).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatConfigError, loadExperiment } from '../../core/config';
import type { ExpectResult } from '../../core/events';
import { runExperiment } from '../../core/run-experiment';
import { findRunsRoot } from '../../core/runs';
import { gridPoints, runPointInChild, type RunPointOutcome } from '../../core/sweep';
import { rel } from '../format/header';
import { num } from '../format/numbers';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIO } from '../io';
import { parseCommandLine } from '../parse';

const OPTIONS = {
  'runs-dir': { type: 'string' },
  set: { type: 'string', multiple: true, default: [] as string[] },
  isolate: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab test [GLOB|DIR|FILE]... [--runs-dir DIR] [--set key.path=value]... [--isolate]\n';
const SKIP_DIRS = new Set(['node_modules', '.git', '.seqlab', 'dist', '.test-cache']);

export async function testCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const files = findExperiments(positionals.length ? positionals : ['**/*.seqlab.yaml'], io.cwd);
  if (files.length === 0) {
    io.stderr(`seqlab test: no experiment files match ${positionals.join(' ') || '**/*.seqlab.yaml'}\n`);
    return EXIT_USAGE;
  }
  let passed = 0;
  let failed = 0;
  let withoutExpect = 0;
  for (const file of files) {
    const shown = rel(file, io.cwd);
    const loaded = loadExperiment(file, { overrides: values.set, cwd: io.cwd });
    if (!loaded.ok) {
      failed++;
      io.stdout(`FAIL  ${shown}: invalid experiment file\n`);
      for (const e of loaded.errors.filter((x) => x.severity === 'error')) io.stdout(`      ${formatConfigError(e, io.cwd).replace(/\n/g, '\n      ')}\n`);
      continue;
    }
    if (Object.keys(loaded.config.expect).length === 0) {
      withoutExpect++;
      continue;
    }
    const points = gridPoints(loaded.config.sweep);
    for (const point of points) {
      const label = point.overrides.length ? `${shown} [${point.label}]` : shown;
      const t0 = Date.now();
      const overrides = [...values.set, ...point.overrides];
      const r = values.isolate
        ? await runPointInChild({ file, overrides, root: findRunsRoot(file, { runsDir: values['runs-dir'], cwd: io.cwd }) })
        : await inProcess(file, overrides, values['runs-dir'], io);
      const secs = `${Math.round((Date.now() - t0) / 1000)} s`;
      const checks = r.summary?.expect ?? [];
      const ok = r.status === 'completed' && checks.length > 0 && checks.every((c) => c.passed);
      if (ok) passed++;
      else failed++;
      const detail = r.status === 'completed' ? checks.map(describe).join('; ') : `${r.status}${r.error ? `: ${r.error.split('\n')[0]}` : ''}`;
      io.stdout(`${ok ? 'PASS' : 'FAIL'}  ${label}  ${detail}  (${secs}${r.runId ? `, run ${r.runId}` : ''})\n`);
    }
  }
  if (withoutExpect > 0) io.stdout(`(${withoutExpect} file${withoutExpect === 1 ? '' : 's'} without expect: not trained)\n`);
  io.stdout(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}

async function inProcess(file: string, overrides: string[], runsDir: string | undefined, io: CliIO): Promise<RunPointOutcome> {
  const r = await runExperiment({ configPath: file, cwd: io.cwd, overrides, runsDir, tfjsNodePath: io.env.SEQLAB_TFJS_NODE_PATH });
  const error = r.error?.message ?? r.configErrors?.map((e) => e.message).join('; ');
  return { status: r.status, ...(r.runId ? { runId: r.runId } : {}), ...(r.summary ? { summary: r.summary } : {}), ...(error ? { error } : {}) };
}

function describe(c: ExpectResult): string {
  return `${c.passed ? '' : 'NOT '}${c.metric} ${num(c.value)} ${c.rule}`;
}

/**
 * Files for the arguments: an existing file as it is, a folder → every *.seqlab.yaml under it, else
 * a glob (`*`, `**`, `?`) matched against paths relative to the current folder. Sorted, unique.
 */
export function findExperiments(args: string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    if (fs.existsSync(abs) && fs.statSync(abs).isFile()) {
      out.add(abs);
      continue;
    }
    if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) {
      for (const f of walk(abs)) if (f.endsWith('.seqlab.yaml')) out.add(f);
      continue;
    }
    const pattern = arg.replace(/\\/g, '/');
    const firstGlob = pattern.search(/[*?[]/);
    if (firstGlob < 0) continue;
    const baseRel = pattern.slice(0, pattern.lastIndexOf('/', firstGlob) + 1);
    const base = path.resolve(cwd, baseRel || '.');
    const re = globRegex(path.resolve(cwd, pattern).replace(/\\/g, '/'));
    if (!fs.existsSync(base)) continue;
    for (const f of walk(base)) if (re.test(f.replace(/\\/g, '/'))) out.add(f);
  }
  return [...out].sort();
}

function* walk(dir: string): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* walk(p);
    } else if (e.isFile()) yield p;
  }
}

export function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      // "**/" matches any number of folders, including none.
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
