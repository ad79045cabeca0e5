/**
 * The "Done when": SIGKILL a writer child at 20 seeded random moments (mid-append,
 * mid-rename, mid-checkpoint) and every run folder still reads: meta.json parses, status reads
 * `stopped` (dead pid), every metrics line is valid except at most a reported partial last line,
 * and the checkpoint is the old or the new one, complete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { listRuns, readCheckpointDetailed, readRun } from '../../../src/core/runs';
import { Rng } from '../../../src/core/util/rng';
import { tempDir } from './tmp';

const KILLS = 20;
const SEED = 20261125;
const MAX_DELAY_MS = 60;

/** Bundles the writer once so each child starts in plain Node (no tsx start-up per kill). */
function buildWriter(outDir: string): string {
  const outfile = path.join(outDir, 'writer.js');
  buildSync({
    entryPoints: [path.join(__dirname, '../../fixtures/runs/writer.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  return outfile;
}

interface Killed {
  runDir: string;
  exit: { code: number | null; signal: NodeJS.Signals | null };
}

function runAndKill(writer: string, root: string, delayMs: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, root], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let runDir = '';
    const exited = new Promise<Killed['exit']>((res) => child.on('exit', (code, signal) => res({ code, signal })));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready (.+)$/m.exec(out);
      if (m && !runDir) {
        runDir = (m[1] as string).trim();
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    // Wait for the exit event: only then is the child reaped, so its pid no longer answers kill(pid, 0).
    exited.then((exit) => {
      if (!runDir) reject(new Error(`writer exited before ready (${JSON.stringify(exit)}): ${err}`));
      else resolve({ runDir, exit });
    }, reject);
  });
}

test(`SIGKILL a writer at ${KILLS} seeded random moments: every run folder still reads`, { timeout: 120_000 }, async (t) => {
  const work = tempDir('kill');
  const writer = buildWriter(work);
  const root = path.join(work, 'root');
  const rng = new Rng(SEED);
  const stats = { partialLines: 0, tempFilesLeft: 0, orphanTensors: 0, checkpointSteps: [] as number[], metricLines: [] as number[] };

  for (let i = 0; i < KILLS; i++) {
    const delay = rng.uniform(0, MAX_DELAY_MS);
    const { runDir, exit } = await runAndKill(writer, root, delay);
    const where = `kill ${i + 1} after ${delay.toFixed(1)} ms (${path.basename(runDir)})`;
    assert.equal(exit.signal, 'SIGKILL', `${where}: the writer must have been killed, not have exited (${JSON.stringify(exit)})`);

    const names = fs.readdirSync(runDir);
    if (names.some((n) => /\.tmp-\d+-\d+$/.test(n))) stats.tempFilesLeft++;
    const ckNames = fs.readdirSync(path.join(runDir, 'checkpoint'));
    if (ckNames.filter((n) => n.endsWith('.bin')).length > 1) stats.orphanTensors++;

    const r = readRun(runDir);
    // meta.json parses (no warning about it) and the dead writer reads as stopped.
    assert.ok(!r.warnings.some((w) => /meta\.json/.test(w)), `${where}: ${r.warnings.join('; ')}`);
    assert.equal(r.recordedStatus, 'running', where);
    assert.equal(r.meta.status, 'stopped', where);
    assert.match(r.statusReason ?? '', /no longer running/, where);
    assert.equal(r.config, 'name: kill-test\nseed: 1\n', where);
    assert.equal(r.meta.backend?.name, 'cpu', `${where}: the start event's meta rewrite survived`);

    // JSONL: the only acceptable warning is about the last line of a file.
    for (const w of r.warnings) {
      assert.match(w, /^(metrics|gradients|samples)\.jsonl: (ignored a partial last line|last line has no newline)/, `${where}: unexpected warning: ${w}`);
      stats.partialLines++;
    }
    const jsonlFiles = ['metrics.jsonl', 'gradients.jsonl', 'samples.jsonl'];
    for (const f of jsonlFiles) {
      assert.ok(r.warnings.filter((w) => w.startsWith(f)).length <= 1, `${where}: at most one warning per file`);
    }
    // No line lost or duplicated before the last one: steps are 1..n in order.
    r.steps.forEach((s, k) => assert.equal(s.step, k + 1, `${where}: step line ${k + 1}`));
    r.epochs.forEach((e, k) => assert.equal(e.epoch, k + 1, `${where}: epoch line ${k + 1}`));
    stats.metricLines.push(r.steps.length + r.epochs.length);

    // The checkpoint is complete and consistent: the old one or the new one, never a mix.
    const ck = readCheckpointDetailed(runDir);
    assert.deepEqual(ck.warnings, [], where);
    const c = ck.checkpoint;
    assert.ok(c, `${where}: a checkpoint was written before ready, so one must read`);
    assert.equal(c.step % 25, 0, where);
    assert.ok(c.step <= r.steps.length + 1, `${where}: checkpoint step ${c.step} after metrics step ${r.steps.length}`);
    assert.equal(c.optimizer.iterations, c.step, where);
    assert.deepEqual(c.rng.state, [c.step, c.step + 1, c.step + 2, c.step + 3], where);
    for (const group of [c.weights, c.optimizer.state, c.best?.weights ?? []]) {
      for (const tensor of group) assert.ok(tensor.values.every((v) => v === c.step), `${where}: ${tensor.name} mixes checkpoints`);
    }
    assert.equal(c.weights.length, 3, where);
    stats.checkpointSteps.push(c.step);
  }

  // Every killed run lists, as stopped.
  const listed = listRuns(root);
  assert.equal(listed.length, KILLS);
  assert.ok(listed.every((e) => e.status === 'stopped' && !e.damaged));
  t.diagnostic(
    `kills landing mid-line: ${stats.partialLines}, leaving a temp file (mid-rename): ${stats.tempFilesLeft}, ` +
      `leaving an orphan tensors file (mid-checkpoint): ${stats.orphanTensors}; checkpoint steps ${stats.checkpointSteps.join(',')}; ` +
      `metric lines ${stats.metricLines.join(',')}`,
  );
});
