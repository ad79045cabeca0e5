// The dashboard can show the lesson's call-outs from its own state: a real run folder replayed into
// the real webview reducer (as a reopened panel is) gives the same findings as the run folder read
// directly — the vanishing call-out for the SimpleRNN on adding, none for the LSTM on the same data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runExperiment } from '../../../src/core/run-experiment';
import { readRun } from '../../../src/core/runs';
import { dashboardFindings } from '../../../src/core/lesson/dashboard';
import { factsFromRun } from '../../../src/core/lesson/run-facts';
import { replayEvents, runInfoOf } from '../../../src/extension/dashboard/replay';
import { applyMessage, initialState } from '../../../webview/state/reducer';

const LESSON = path.resolve(__dirname, '../../../examples/lesson');

async function dashboardOf(file: string, runsDir: string): Promise<{ page: string[]; disk: string[]; evidence: string[] }> {
  const r = await runExperiment({ configPath: path.join(LESSON, file), runsDir });
  assert.ok(r.runDir, JSON.stringify(r.error ?? r.configErrors));
  const data = readRun(r.runDir);
  const run = runInfoOf(data);
  let s = applyMessage(initialState(), { type: 'init', run, settings: { smoothing: 0.6, maxPointsPerSeries: 2000, logScale: false } });
  s = applyMessage(s, { type: 'events', runId: run.runId, events: replayEvents(data), replay: true });
  const found = dashboardFindings(s);
  return { page: found.map((f) => f.kind), disk: factsFromRun(data).findings.map((f) => f.kind), evidence: found.map((f) => f.evidence) };
}

test('dashboard call-outs from the reducer state: vanishing on the SimpleRNN (adding), none on the LSTM', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-wt-dash-'));
  try {
    const rnn = await dashboardOf('4-vanishing-gradients.seqlab.yaml', dir);
    assert.deepEqual(rnn.page, ['vanishing'], rnn.evidence.join('; '));
    assert.deepEqual(rnn.page, rnn.disk);
    const lstm = await dashboardOf('5-lstm.seqlab.yaml', dir);
    assert.deepEqual(lstm.page, [], lstm.evidence.join('; '));
    assert.deepEqual(lstm.disk, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
