// runs pin: a small, stable summary beside the experiment file (not under the ignored runs folder);
// re-pinning replaces it. Resume: the refusals that leave the run untouched, and the data warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runsCommand } from '../../../src/cli/commands/runs';
import { pinFileFor, pinnedSummaryText } from '../../../src/core/report/pin';
import { resumeExperiment } from '../../../src/core/run-experiment';
import { readRun } from '../../../src/core/runs';
import type { TrainEvent } from '../../../src/core/events';
import { copyFixtureRun, editJson, memoryIO, runCliChild, tempDir, tinyOnWasm, writeFile } from './helpers';

test('runs pin writes NAME.seqlab.summary.json beside the experiment: fixed key order, no timings; re-pin replaces', async () => {
  const t = tempDir();
  try {
    const runDir = copyFixtureRun(path.join(t.dir, '.seqlab', 'runs'));
    const experiment = path.join(t.dir, 'configs', 'tiny.seqlab.yaml');
    fs.mkdirSync(path.dirname(experiment), { recursive: true });
    fs.writeFileSync(experiment, 'name: format-fixture\n');
    editJson(path.join(runDir, 'meta.json'), (m) => void (m.configPath = experiment));

    const io = memoryIO(t.dir);
    assert.equal(await runsCommand(['pin', 'format-fixture'], io), 0, io.err.join(''));
    const file = path.join(t.dir, 'configs', 'tiny.seqlab.summary.json');
    assert.equal(pinFileFor(experiment), file);
    assert.match(io.text(), /^Wrote configs\/tiny\.seqlab\.summary\.json \(run 20261125-191852-format-fixture-a501\)/);
    const text = fs.readFileSync(file, 'utf8');
    const v = JSON.parse(text);
    assert.deepEqual(Object.keys(v), ['pinned', 'experiment', 'config', 'runId', 'status', 'seed', 'backend', 'kernel', 'versions', 'data', 'parameters', 'epochs', 'steps', 'final', 'best', 'baseline', 'expect']);
    assert.equal(v.config, 'tiny.seqlab.yaml');
    assert.deepEqual(Object.keys(v.final).slice(0, 2), ['loss', 'valLoss']);
    assert.doesNotMatch(text, /startedAt|durationMs|host|pid|heartbeat/);
    assert.equal(v.final.valLoss, Number(readRun(runDir).summary?.final.valLoss?.toPrecision(4)));

    const again = memoryIO(t.dir);
    assert.equal(await runsCommand(['pin', runDir], again), 0);
    assert.match(again.text(), /^Replaced /);
    assert.equal(fs.readFileSync(file, 'utf8'), text, 'same run, same bytes: no diff in a PR');

    // Another run of the experiment replaces the file; only the values that changed differ.
    editJson(path.join(runDir, 'summary.json'), (s) => void ((s.final as Record<string, number>).valLoss = 0.123456));
    assert.equal(await runsCommand(['pin', runDir], memoryIO(t.dir)), 0);
    const changed = fs.readFileSync(file, 'utf8').split('\n');
    const diffLines = text.split('\n').filter((l, i) => l !== changed[i]);
    assert.deepEqual(diffLines.map((l) => l.trim().split(':')[0]), ['"valLoss"']);
    assert.match(pinnedSummaryText(readRun(runDir), file), /"valLoss": 0\.1235/);
  } finally {
    t.cleanup();
  }
});

test('runs pin of a run whose experiment file is unknown asks for --out', async () => {
  const t = tempDir();
  try {
    const runDir = copyFixtureRun(t.dir);
    editJson(path.join(runDir, 'meta.json'), (m) => void delete m.configPath);
    const io = memoryIO(t.dir);
    assert.equal(await runsCommand(['pin', runDir], io), 2);
    assert.match(io.err.join(''), /does not record its experiment file\n {2}hint: say where with --out FILE/);
    assert.equal(await runsCommand(['pin', runDir, '--out', 'x.seqlab.summary.json'], memoryIO(t.dir)), 0);
    assert.ok(fs.existsSync(path.join(t.dir, 'x.seqlab.summary.json')));
  } finally {
    t.cleanup();
  }
});

test('resume refuses a run that is still running or not a run folder; a changed data fingerprint is warned about', async () => {
  const t = tempDir();
  try {
    const runDir = copyFixtureRun(t.dir);
    const metaFile = path.join(runDir, 'meta.json');
    editJson(metaFile, (m) => Object.assign(m, { status: 'running', pid: process.pid, heartbeatAt: new Date().toISOString() }));
    const running = await resumeExperiment({ runDir });
    assert.equal(running.exitCode, 2);
    assert.match(running.error?.message ?? '', /is still running \(pid \d+/);
    assert.equal((await resumeExperiment({ runDir: t.dir })).error?.message.includes('is not a run folder'), true);

    // A stopped run with one epoch left, whose recorded data fingerprint no longer matches.
    editJson(metaFile, (m) => Object.assign(m, { status: 'stopped', dataFingerprint: 'sha256:0000000000000000' }));
    const cfg = path.join(runDir, 'config.yaml');
    fs.writeFileSync(cfg, fs.readFileSync(cfg, 'utf8').replace('epochs: 2', 'epochs: 3'));
    const events: TrainEvent[] = [];
    const r = await resumeExperiment({ runDir, onEvent: (e) => events.push(e) });
    assert.equal(r.status, 'completed', JSON.stringify(r.error));
    assert.ok(events.some((e) => e.type === 'log' && e.level === 'warn' && /data differ from the first part of this run.*was sha256:0000000000000000/.test(e.message)));
    assert.deepEqual(readRun(runDir).epochs.map((e) => e.epoch), [1, 2, 3]);
  } finally {
    t.cleanup();
  }
});

test('resume continues on the fused kernel build the run started on (relaxed SIMD from the editor)', () => {
  const t = tempDir();
  try {
    const file = writeFile(t.dir, 'fused.seqlab.yaml', tinyOnWasm('auto'));
    runCliChild(['train', file], t.dir, { SEQLAB_RELAXED_SIMD: '1' });
    const runDir = path.join(t.dir, '.seqlab', 'runs', fs.readdirSync(path.join(t.dir, '.seqlab', 'runs'))[0] as string);
    const first = readRun(runDir).meta.kernel?.reason ?? '';
    // One more epoch to go, as if it had been stopped.
    editJson(path.join(runDir, 'meta.json'), (m) => void (m.status = 'stopped'));
    const cfg = path.join(runDir, 'config.yaml');
    fs.writeFileSync(cfg, fs.readFileSync(cfg, 'utf8').replace('epochs: 2', 'epochs: 3'));
    runCliChild(['resume', runDir], t.dir);
    assert.equal(readRun(runDir).meta.kernel?.reason, first, 'the same build, though this process was not told');
  } finally {
    t.cleanup();
  }
});
