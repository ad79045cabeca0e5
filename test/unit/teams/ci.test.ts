// CI: the packed package gives a working `seqlab` without VS Code, every `run:` step of the committed
// docs/ci/github-actions.yml works in a project that installed it, and the CLI's output under CI has
// no progress-bar control characters (even on a pseudo-terminal).
//
// How the package gets into the temp project: `npm pack` (the real tarball, its file list from
// .npmignore), then the tarball unpacked into node_modules/sequence-lab with the `bin` link npm would
// make. A real `npm install --offline` of the tarball cannot run here: its dependencies' dependency
// ranges (e.g. @types/node "*") resolve to versions absent from this machine's npm cache
// (ENOTCACHED). The unpacked package has no node_modules at all, which also proves the CLI bundle
// needs none of them at run time.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isInteractive } from '../../../src/cli/format/ci';
import { tempDir, TINY, writeFile } from './helpers';

const REPO = path.resolve(__dirname, '../../..');
const WORKFLOW = path.join(REPO, 'docs/ci/github-actions.yml');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
}

function ensureBuilt(): void {
  // npm test builds before the unit layer; a lone run of this file builds when dist/ is missing.
  if (!fs.existsSync(path.join(REPO, 'dist/cli.js'))) execFileSync(process.execPath, ['esbuild.js'], { cwd: REPO, stdio: 'ignore' });
}

/** `npm pack` into dir (scripts skipped: dist/ is built), unpacked as an installed dependency. Returns the project. */
function installPacked(dir: string): { project: string; files: string[] } {
  ensureBuilt();
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const info = (JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>)[0];
  assert.ok(info, 'npm pack --json describes the tarball');
  const project = path.join(dir, 'team-project');
  const pkgDir = path.join(project, 'node_modules', 'sequence-lab');
  fs.mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['xzf', path.join(dir, info.filename), '-C', pkgDir, '--strip-components=1']);
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const binDir = path.join(project, 'node_modules', '.bin');
  fs.mkdirSync(binDir);
  for (const [name, rel] of Object.entries(pkg.bin)) fs.symlinkSync(path.join('..', 'sequence-lab', rel), path.join(binDir, name));
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'team-project', private: true, devDependencies: { 'sequence-lab': '^0.1.0' } }, null, 2));
  return { project, files: info.files.map((f) => f.path) };
}

// One pack for the whole file (npm pack takes seconds); the tests share the unpacked project.
const packed = tempDir('seqlab-ci-');
after(() => packed.cleanup());
let installed: { project: string; files: string[] } | undefined;
function packedProject(): { project: string; files: string[] } {
  installed ??= installPacked(packed.dir);
  return installed;
}

test('the packed package: bin seqlab → dist/cli.js with its wasm beside it; no sources or tests', () => {
  {
    const { files } = packedProject();
    for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/cli.js', 'dist/tfjs-backend-wasm-simd.wasm', 'schemas/experiment.schema.json', 'docs/ci/github-actions.yml']) {
      assert.ok(files.includes(f), `the tarball has ${f}`);
    }
    assert.deepEqual(files.filter((f) => /^(src|test|webview|node_modules|bench)\//.test(f) || f.endsWith('.map')), []);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.deepEqual(pkg.bin, { seqlab: 'dist/cli.js' });
    assert.match(fs.readFileSync(path.join(REPO, 'dist/cli.js'), 'utf8').slice(0, 30), /^#!\/usr\/bin\/env node/);
  }
});

test('every run: step of docs/ci/github-actions.yml works in a project with the package installed (CI=true)', () => {
  {
    const { project } = packedProject();
    writeFile(project, 'experiments/tiny.seqlab.yaml', TINY);
    const workflow = parseYaml(fs.readFileSync(WORKFLOW, 'utf8')) as { jobs: Record<string, { steps: Step[]; env?: Record<string, string> }> };
    const job = Object.values(workflow.jobs)[0];
    assert.ok(job, 'the workflow has a job');
    const runs = job.steps.filter((s): s is Step & { run: string } => typeof s.run === 'string');
    assert.ok(runs.some((s) => s.run.includes('seqlab test')), 'the workflow runs the learning tests');
    const env = { ...process.env, ...job.env, PATH: `${path.join(project, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
    let ran = 0;
    for (const step of runs) {
      // `npm ci` is what installPacked did (from the packed tarball instead of the registry).
      if (step.run.trim() === 'npm ci') continue;
      const r = spawnSync('bash', ['-eo', 'pipefail', '-c', step.run], { cwd: project, env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, `step "${step.name ?? step.run}" failed:\n${r.stdout}\n${r.stderr}`);
      assert.doesNotMatch(r.stdout, /\r|\x1b\[/, `step "${step.name}" prints plain lines`);
      ran++;
      if (step.run.includes('seqlab test')) assert.match(r.stdout, /^PASS {2}experiments\/tiny\.seqlab\.yaml {2}valLoss [\d.]+ below 10 .*\n1 passed, 0 failed\n/m);
    }
    assert.ok(ran >= 3, `ran ${ran} steps`);
    assert.match(fs.readFileSync(path.join(project, 'seqlab-report/report.md'), 'utf8'), /^## Sequence Lab: tiny/);
    assert.ok(fs.existsSync(path.join(project, 'seqlab-report/report-loss.svg')));
  }
});

test('human output on a pseudo-terminal redraws a bar; with CI=true it prints plain lines only', () => {
  assert.equal(isInteractive(true, {}), true);
  assert.equal(isInteractive(true, { CI: 'true' }), false);
  assert.equal(isInteractive(true, { CI: 'false' }), true);
  assert.equal(isInteractive(false, {}), false);
  const t = tempDir('seqlab-ci-');
  try {
    ensureBuilt();
    const file = writeFile(t.dir, 'tiny.seqlab.yaml', TINY);
    // `script` gives the CLI a real pseudo-terminal, as some CI runners do.
    const onPty = (ci: string | undefined): string => {
      const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
      if (ci === undefined) delete env.CI;
      else env.CI = ci;
      const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(REPO, 'dist/cli.js'))} train ${JSON.stringify(file)} --runs-dir ${JSON.stringify(t.dir)}`;
      const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      return r.stdout;
    };
    assert.match(onPty(undefined), /\x1b\[K/, 'on a terminal the progress bar is redrawn in place');
    const ci = onPty('true');
    assert.doesNotMatch(ci.replace(/\r\n/g, '\n'), /\r|\x1b\[/, 'under CI no carriage returns or escape codes');
    assert.match(ci, /epoch +2\/2 +loss/);
  } finally {
    t.cleanup();
  }
});
