import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resumeCommand } from '../../../src/cli/commands/resume';
import type { CliIO } from '../../../src/cli/io';
import { runExperiment } from '../../../src/core/run-experiment';
import { readCheckpoint, readRun } from '../../../src/core/runs';

const CONFIG = `name: resume-me
seed: 5
backend: cpu
data: {kind: adding, window: 10, size: 600}
model: {type: gru, layers: [{units: 16}]}
training: {epochs: 5, batchSize: 50, optimizer: {name: adam, learningRate: 0.01}}
samples: {every: 1, count: 1}
`;

const CLI = path.resolve(__dirname, '../../../src/cli/main.ts');

function io(cwd: string): CliIO & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), cwd, isTTY: false, env: {} };
}

/** Trains in a child process and SIGKILLs it once a step of epoch 2 is reported (epoch 1 is checkpointed). */
function trainAndKill(file: string, runsDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'train', file, '--json', '--runs-dir', runsDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let runDir = '';
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const ev = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (ev.type === 'start') runDir = ev.runDir;
        if (ev.type === 'step' && ev.epoch >= 2) child.kill('SIGKILL');
      }
    });
    child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve(runDir) : reject(new Error(`the child was not killed (it ended by itself, code ${_code})`))));
  });
}

test('a killed run resumes from its checkpoint: same run id, and its losses continue exactly where the uninterrupted run goes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-resume-'));
  try {
    const file = path.join(dir, 'resume-me.seqlab.yaml');
    fs.writeFileSync(file, CONFIG);
    const reference = await runExperiment({ configPath: file, runsDir: path.join(dir, 'ref') });
    assert.equal(reference.status, 'completed');
    const refSteps = readRun(reference.runDir as string).steps.map((s) => s.loss);

    const runDir = await trainAndKill(file, path.join(dir, 'killed'));
    const cp = readCheckpoint(runDir);
    assert.ok(cp && cp.epoch >= 1 && cp.epoch < 5, `checkpoint at epoch ${cp?.epoch}`);
    const killed = readRun(runDir);
    assert.equal(killed.meta.status, 'stopped');

    const cli = io(dir);
    const code = await resumeCommand([runDir, '--json'], cli);
    assert.equal(code, 0, cli.out.join(''));
    const events = cli.out.join('').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(events[0].type, 'start');
    assert.equal(events[0].runId, path.basename(runDir));
    const firstStep = events.find((e) => e.type === 'step');
    assert.equal(firstStep.step, cp.step + 1, 'the resumed run starts at the step after the checkpoint');

    const resumed = readRun(runDir);
    assert.equal(resumed.meta.status, 'completed');
    assert.equal(resumed.meta.resumes?.length, 1);
    assert.equal(resumed.meta.resumes?.[0]?.fromEpoch, cp.epoch);
    // One uninterrupted-looking metrics file: steps 1..N once each, epochs 1..5 once each.
    assert.deepEqual(resumed.steps.map((s) => s.step), refSteps.map((_, i) => i + 1));
    assert.deepEqual(resumed.epochs.map((e) => e.epoch), [1, 2, 3, 4, 5]);
    // And the same numbers as the run that was never killed (same backend, same seed).
    const losses = resumed.steps.map((s) => s.loss);
    for (let i = 0; i < refSteps.length; i++) assert.ok(Math.abs((losses[i] as number) - (refSteps[i] as number)) < 1e-6, `step ${i + 1}: ${losses[i]} vs ${refSteps[i]}`);

    // A completed run has nothing left to resume.
    const again = io(dir);
    assert.equal(await resumeCommand([runDir], again), 2);
    assert.match(again.out.join(''), /already trained all 5 epochs/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
