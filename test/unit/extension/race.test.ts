// seqlab.raceCells as a real sweep: three points (rnn, lstm, gru) tagged with one sweep id (the one
// `seqlab sweep` gives the same file), grouped under one sweep node of the Runs view, reused on a rerun.
// `train` is a fake that records run folders with the real RunRecorder (no training here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadExperiment } from '../../../src/core/config';
import type { RunSummary } from '../../../src/core/events';
import { listRuns, RunRecorder } from '../../../src/core/runs';
import { sweepIdOf } from '../../../src/core/sweep';
import { outcomeOf, raceOutcomeText, runRace, RACE_SWEEP_OVERRIDE } from '../../../src/extension/compare/race';
import { groupRuns } from '../../../src/extension/runs-view/runs-model';

const EXAMPLE = path.resolve(__dirname, '../../../examples/adding-race.seqlab.yaml');
const summary: RunSummary = { status: 'completed', epochs: 1, steps: 1, final: { valLoss: 0.1 }, best: { valLoss: 0.1 }, baseline: { valLoss: 0.167 }, expect: [], durationMs: 1 };

function fakeTrain(root: string, file: string, calls: string[][]) {
  return async (overrides: string[]) => {
    calls.push(overrides);
    const loaded = loadExperiment(file, { overrides });
    assert.ok(loaded.ok);
    if (!loaded.ok) return undefined;
    const rec = RunRecorder.create({ root, experiment: loaded.config.name, resolvedYaml: loaded.resolvedYaml, seed: loaded.config.seed, heartbeatMs: 0 });
    rec.onEvent({ type: 'end', status: 'completed', summary });
    rec.close();
    return { status: 'completed', runId: rec.runId, runDir: rec.runDir };
  };
}

test('the race trains rnn, lstm, gru as one sweep (the id `seqlab sweep` uses), grouped under one sweep node; a rerun reuses them', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-race-'));
  try {
    const file = path.join(root, 'adding-race.seqlab.yaml');
    fs.copyFileSync(EXAMPLE, file);
    const calls: string[][] = [];
    const seen: number[] = [];
    const r = await runRace({ file, runsDir: root, train: fakeTrain(root, file, calls), onPoint: (done) => seen.push(done.length) });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(calls.map((c) => c.at(-1)), ['model.type=rnn', 'model.type=lstm', 'model.type=gru']);
    assert.ok(calls.every((c) => c[0] === RACE_SWEEP_OVERRIDE));
    assert.deepEqual(seen, [1, 2, 3], 'the overlay is updated after each cell');
    const cli = loadExperiment(file);
    assert.ok(cli.ok);
    if (cli.ok) assert.equal(r.sweepId, sweepIdOf(cli.config), 'same sweep id as `seqlab sweep` of the file');
    assert.equal(r.runDirs.length, 3);
    for (const d of r.runDirs) {
      const meta = JSON.parse(fs.readFileSync(path.join(d, 'meta.json'), 'utf8'));
      assert.equal(meta.sweep.id, r.sweepId);
    }
    const groups = groupRuns(listRuns(root));
    assert.equal(groups.length, 1);
    assert.deepEqual(groups[0]!.sweeps.map((s) => [s.id, s.runs.length]), [[r.sweepId, 3]]);
    assert.equal(groups[0]!.runs.length, 0, 'no race run outside the sweep node');

    const again = await runRace({ file, runsDir: root, train: fakeTrain(root, file, calls) });
    assert.ok(again.ok);
    if (again.ok) {
      assert.deepEqual(again.results.map((p) => p.status), ['skipped', 'skipped', 'skipped']);
      assert.deepEqual(again.runDirs, r.runDirs);
      assert.match(raceOutcomeText(again.results), /^rnn already run, lstm already run, gru already run$/);
    }
    assert.equal(calls.length, 3, 'nothing retrained');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a refused cell (untrusted workspace) stops the race; a bad file returns its config errors', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-race-'));
  try {
    const file = path.join(root, 'x.seqlab.yaml');
    fs.copyFileSync(EXAMPLE, file);
    let n = 0;
    const r = await runRace({ file, runsDir: root, train: async () => (n++, { status: 'refused', message: 'untrusted' }) });
    assert.equal(n, 1);
    assert.ok(r.ok && r.results.length === 1 && r.results[0]!.status === 'stopped');
    assert.deepEqual(outcomeOf({ status: 'failed', runDir: '/r', message: 'NaN' }), { status: 'failed', runDir: '/r', error: 'NaN' });
    fs.writeFileSync(file, 'name: bad\nmodel:\n  type: lstmm\n');
    const bad = await runRace({ file, runsDir: root, train: async () => undefined });
    assert.ok(!bad.ok && bad.configErrors.some((e) => e.key === 'model.type'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
