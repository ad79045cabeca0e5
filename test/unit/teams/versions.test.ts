// Versions: the kept format-1 run folder still opens with today's code (read, checkpoint, show, diff,
// report); a run written by a newer Sequence Lab (run format or config schema) reads with a clear
// message, and resume/reproduce refuse it instead of writing into it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runsCommand } from '../../../src/cli/commands/runs';
import { resumeExperiment } from '../../../src/core/run-experiment';
import { reproduceRun } from '../../../src/core/reproduce';
import { CONFIG_SCHEMA_VERSION, readCheckpoint, readRun, RUN_FORMAT_VERSION, runVersionProblem } from '../../../src/core/runs';
import { diffRuns } from '../../../src/core/report/run-diff';
import { reportFromRuns } from '../../../src/core/report/write-report';
import { copyFixtureRun, editJson, FIXTURE_DIR, FIXTURE_RUN_ID, memoryIO, tempDir } from './helpers';

const fixtureRun = path.join(FIXTURE_DIR, FIXTURE_RUN_ID);

test('the format-1 fixture opens: meta, metrics, gradients, samples, hidden, summary, checkpoint, no warnings', () => {
  const run = readRun(fixtureRun);
  assert.deepEqual(run.warnings, []);
  assert.equal(run.meta.formatVersion, 1);
  assert.equal(run.meta.status, 'completed');
  assert.equal(run.meta.experiment, 'format-fixture');
  assert.equal(run.steps.length, 4);
  assert.deepEqual(run.epochs.map((e) => e.epoch), [1, 2]);
  assert.ok(run.gradients.length > 0 && run.samples.length > 0 && run.hidden);
  assert.equal(run.summary?.status, 'completed');
  assert.equal(run.summary?.expect[0]?.passed, true);
  const cp = readCheckpoint(fixtureRun);
  assert.equal(cp?.epoch, 2);
  assert.ok((cp?.weights.length ?? 0) > 0);
  assert.equal(runVersionProblem(run.meta), undefined);
});

test('the fixture is what this build writes today (bump the versions → add format-2 beside it)', () => {
  // When this fails, the format moved on: keep format-1, add a fixture of the new format.
  assert.equal(RUN_FORMAT_VERSION, 1);
  assert.equal(CONFIG_SCHEMA_VERSION, 1);
});

test('old runs still open in the CLI: runs show, and diff/report of the fixture against itself', async () => {
  const io = memoryIO(FIXTURE_DIR);
  assert.equal(await runsCommand(['show', fixtureRun], io), 0);
  assert.match(io.text(), /Run 20261125-191852-format-fixture-a501/);
  assert.doesNotMatch(io.text(), /Warnings/);
  const run = readRun(fixtureRun);
  assert.deepEqual(diffRuns(run, run).keys, []);
  assert.match(reportFromRuns([run], {}).markdown, /\| `20261125-191852-format-fixture-a501` \| completed \| 2 \|/);
});

test('a run from a newer Sequence Lab: read with a clear message; resume and reproduce refuse it', async () => {
  const t = tempDir();
  try {
    const runDir = copyFixtureRun(t.dir);
    editJson(path.join(runDir, 'meta.json'), (m) => {
      m.formatVersion = RUN_FORMAT_VERSION + 1;
      (m.versions as Record<string, unknown>).sequenceLab = '9.0.0';
      m.status = 'stopped';
    });
    const run = readRun(runDir);
    assert.equal(run.steps.length, 4, 'what can be read is still read');
    assert.ok(run.warnings.some((w) => /written by a newer Sequence Lab 9\.0\.0: run format 2 \(this one reads up to 1\)/.test(w)), run.warnings.join('\n'));

    const before = fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8');
    const resumed = await resumeExperiment({ runDir });
    assert.equal(resumed.exitCode, 2);
    assert.match(resumed.error?.message ?? '', /written by a newer Sequence Lab 9\.0\.0.*Upgrade Sequence Lab/);
    const rep = await reproduceRun({ runDir, runsDir: t.dir });
    assert.equal(rep.exitCode, 2);
    assert.match(rep.message, /newer Sequence Lab/);
    assert.equal(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8'), before, 'nothing was written into it');
  } finally {
    t.cleanup();
  }
});

test('a newer config schema is named as such; runs that predate the field count as schema 1', () => {
  assert.match(runVersionProblem({ formatVersion: 1, versions: { sequenceLab: '0.3.0', configSchema: CONFIG_SCHEMA_VERSION + 1 } })?.message ?? '', /newer Sequence Lab 0\.3\.0: config schema 2 \(this one knows up to 1\)/);
  assert.equal(runVersionProblem({ formatVersion: 1, versions: { sequenceLab: '0.0.9' } }), undefined);
  assert.equal(runVersionProblem({ formatVersion: 0 })?.kind, 'older');
});
