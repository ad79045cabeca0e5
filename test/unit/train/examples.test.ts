// Every example trains (in-process, the default backend: wasm here) and its `expect:` holds; the
// same seed gives identical first losses on the same backend.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runExperiment } from '../../../src/core/run-experiment';
import type { StepRecord, TrainEvent } from '../../../src/core/events';

const examples = path.resolve(__dirname, '../../../examples');
const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-examples-'));
after(() => fs.rmSync(runsDir, { recursive: true, force: true }));

for (const name of ['sine-rnn', 'sine-lstm', 'sine-gru']) {
  test(`examples/${name}.seqlab.yaml trains and its expect holds`, async () => {
    const events: TrainEvent[] = [];
    const r = await runExperiment({ configPath: path.join(examples, `${name}.seqlab.yaml`), runsDir, onEvent: (e) => events.push(e) });
    assert.equal(r.status, 'completed', JSON.stringify(r.error ?? r.configErrors));
    const expect = r.summary?.expect ?? [];
    assert.ok(expect.length > 0, 'the example has an expect');
    for (const e of expect) assert.ok(e.passed, `${e.metric} ${e.rule}: ${e.value}`);
    assert.equal(r.exitCode, 0);
    const start = events[0];
    assert.ok(start?.type === 'start' && start.backend.name === 'wasm', 'auto picks wasm here');
    for (const f of ['config.yaml', 'meta.json', 'metrics.jsonl', 'gradients.jsonl', 'samples.jsonl', 'hidden.json', 'summary.json', 'model/model.json', 'model/weights.bin', 'checkpoint/state.json']) {
      assert.ok(fs.existsSync(path.join(r.runDir as string, f)), `${f} in the run folder`);
    }
  });
}

test('same config and seed: identical first losses on the same backend', async () => {
  const firstLosses = async (): Promise<number[]> => {
    const steps: StepRecord[] = [];
    const r = await runExperiment({
      configPath: path.join(examples, 'sine-gru.seqlab.yaml'),
      runsDir,
      overrides: ['training.epochs=1', 'data.length=300', 'model.layers.0.dropout=0.2'],
      onEvent: (e) => e.type === 'step' && steps.push(e),
    });
    assert.equal(r.status, 'completed', JSON.stringify(r.error));
    return steps.slice(0, 5).map((s) => s.loss);
  };
  const a = await firstLosses();
  const b = await firstLosses();
  assert.equal(a.length, 5);
  assert.deepEqual(a, b);
});
