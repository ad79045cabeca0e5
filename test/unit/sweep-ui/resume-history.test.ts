import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resumeHistory } from '../../../src/extension/teams/resume-history';
import { LiveRun } from '../../../src/extension/live-run';

const RECORDED = path.resolve(__dirname, '../../e2e/fixtures/runs/20261125-164000-sine-next-value-2851');

test('a resumed run starts from its recorded history (no old start/end); live events continue it', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-resume-hist-'));
  try {
    const runDir = path.join(root, '.seqlab', 'runs', path.basename(RECORDED));
    fs.cpSync(RECORDED, runDir, { recursive: true });
    const meta = JSON.parse(fs.readFileSync(path.join(runDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(runDir, 'meta.json'), JSON.stringify({ ...meta, status: 'stopped' }));
    const recordedEpochs = fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"epoch"')).length;
    const history = resumeHistory(runDir);
    assert.ok(!history.some((e) => e.type === 'start' || e.type === 'end'), 'no old start or end');
    assert.ok(!history.some((e) => e.type === 'log' && /^status /.test(e.message)), 'no stale status note');
    assert.equal(history.filter((e) => e.type === 'epoch').length, recordedEpochs);
    assert.ok(history.some((e) => e.type === 'step'));

    // Seeded history is kept without notifying listeners or counting; live events follow it.
    const live = new LiveRun('/x.seqlab.yaml', 'x');
    const heard: string[] = [];
    live.onEvent((e) => heard.push(e.type));
    live.seed(history);
    assert.deepEqual(heard, []);
    assert.equal(live.counts.epoch, undefined);
    live.push({ type: 'log', level: 'info', message: 'resuming' });
    assert.deepEqual(heard, ['log']);
    assert.equal(live.history().length, history.length + 1);
    assert.equal(resumeHistory(path.join(root, 'missing')).length, 0);

    // Read late (the resumed worker already appended epochs 2+ again): only records up to the resume
    // point count; the rest arrive as live events, so nothing is shown twice.
    const epochs = history.filter((e) => e.type === 'epoch') as Array<{ epoch: number; step: number }>;
    const from = epochs[0]!;
    fs.writeFileSync(path.join(runDir, 'meta.json'), JSON.stringify({ ...meta, status: 'running', resumes: [{ at: '2026-11-25T20:00:00Z', fromEpoch: from.epoch, fromStep: from.step, previousStatus: 'stopped' }] }));
    const late = resumeHistory(runDir);
    assert.deepEqual(late.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch), [from.epoch]);
    assert.ok(late.filter((e) => e.type === 'step').every((e) => (e as { step: number }).step <= from.step));
    assert.ok(late.filter((e) => e.type === 'gradients' || e.type === 'samples').every((e) => (e as { epoch: number }).epoch <= from.epoch));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
