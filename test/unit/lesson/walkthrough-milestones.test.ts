// The walkthrough's milestones on synthetic run facts: each is reached by exactly the evidence its
// step asks for, and not by near misses (another seed, another data block, a clipped run that did
// not converge, a "beat" within noise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LessonFinding } from '../../../src/core/lesson/detectors';
import { canonicalJson, contextKey, judgeMilestones, reachedMilestones, type RunFacts } from '../../../src/core/lesson/milestones';
import { configKeys } from '../../../src/core/lesson/run-facts';

const data = { kind: 'adding', window: 20, size: 1200 };
const vanishingFinding: LessonFinding = { kind: 'vanishing', title: '', why: '', action: '', step: 'vanishingGradients', evidence: 'epoch 5: ...', epoch: 5, ratio: 300 };
const nanFinding: LessonFinding = { kind: 'exploding', title: '', why: '', action: '', step: 'explodingGradients', evidence: 'became Infinity', nonFinite: true, atStep: 34 };

function run(id: string, over: Partial<RunFacts> = {}): RunFacts {
  return { runId: id, status: 'completed', modelType: 'rnn', seed: 1, dataKey: canonicalJson(data), clipped: true, bestValLoss: 0.15, baselineValLoss: 0.167, findings: [], ...over };
}

test('context keys are seqlab.milestone.<id>', () => {
  assert.equal(contextKey('gatedBeatRnn'), 'seqlab.milestone.gatedBeatRnn');
});

test('no runs, no milestones; a running run is not a finished one', () => {
  assert.deepEqual([...reachedMilestones([])], []);
  assert.deepEqual([...reachedMilestones([run('a', { status: 'running', bestValLoss: 0.01 })])], []);
});

test('firstRun and beatBaseline: a completed run, and one at ≤ 0.8 × its baseline', () => {
  assert.deepEqual([...reachedMilestones([run('a')])], ['firstRun'], '0.15 vs 0.167 is within noise');
  const r = reachedMilestones([run('a', { bestValLoss: 0.03, baselineValLoss: 0.105 })]);
  assert.ok(r.has('firstRun') && r.has('beatBaseline'));
  assert.ok(!reachedMilestones([run('a', { status: 'failed', bestValLoss: 0.03, baselineValLoss: 0.105 })]).has('beatBaseline'), 'a failed run does not count');
});

test('vanishing: any run carrying a vanishing finding (the detector already restricts it to rnn on adding/copy)', () => {
  assert.ok(reachedMilestones([run('a', { findings: [vanishingFinding] })]).has('vanishing'));
  assert.ok(!reachedMilestones([run('a')]).has('vanishing'));
});

test('gatedBeatRnn: an LSTM/GRU at ≤ half the rnn\'s best valLoss, same data block and seed', () => {
  const rnn = run('rnn');
  const lstm = run('lstm', { modelType: 'lstm', bestValLoss: 0.02 });
  const v = judgeMilestones([rnn, lstm]).find((m) => m.id === 'gatedBeatRnn');
  assert.equal(v?.reached, true);
  assert.deepEqual(v?.runs, ['lstm', 'rnn']);
  assert.ok(reachedMilestones([rnn, run('gru', { modelType: 'gru', bestValLoss: 0.05 })]).has('gatedBeatRnn'));
  assert.ok(!reachedMilestones([rnn, { ...lstm, seed: 2 }]).has('gatedBeatRnn'), 'another seed');
  assert.ok(!reachedMilestones([rnn, { ...lstm, dataKey: canonicalJson({ ...data, window: 30 }) }]).has('gatedBeatRnn'), 'another data block');
  assert.ok(!reachedMilestones([rnn, { ...lstm, bestValLoss: 0.1 }]).has('gatedBeatRnn'), 'only 1.5× better');
  assert.ok(!reachedMilestones([rnn, { ...lstm, status: 'stopped' }]).has('gatedBeatRnn'), 'a stopped LSTM');
  assert.ok(!reachedMilestones([lstm, run('lstm2', { modelType: 'lstm' })]).has('gatedBeatRnn'), 'two gated runs, no rnn');
});

test('clipConverged: a clipped run below its baseline where the same config without clipping diverged', () => {
  const config = { seed: 1, data: { kind: 'noisy-sine' }, model: { type: 'rnn' }, training: { epochs: 5, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9 } } };
  const keysU = configKeys(config as never);
  const keysC = configKeys({ ...config, training: { ...config.training, clipNorm: 1 } } as never);
  assert.equal(keysU.configKeyWithoutClip, keysC.configKeyWithoutClip);
  assert.notEqual(keysU.configKey, keysC.configKey);
  assert.equal(keysU.clipped, false);
  assert.equal(keysC.clipped, true);
  const unclipped = run('u', { ...keysU, status: 'failed', bestValLoss: 1e25, baselineValLoss: 0.105, findings: [nanFinding] });
  const clipped = run('c', { ...keysC, bestValLoss: 0.033, baselineValLoss: 0.105 });
  assert.ok(reachedMilestones([unclipped, clipped]).has('clipConverged'));
  assert.ok(!reachedMilestones([{ ...unclipped, findings: [] }, clipped]).has('clipConverged'), 'the unclipped run did not diverge');
  assert.ok(!reachedMilestones([unclipped, { ...clipped, bestValLoss: 0.2 }]).has('clipConverged'), 'the clipped run stayed above its baseline');
  const otherLr = configKeys({ ...config, training: { ...config.training, optimizer: { ...config.training.optimizer, learningRate: 0.01 }, clipNorm: 1 } } as never);
  assert.ok(!reachedMilestones([unclipped, run('c2', { ...otherLr, bestValLoss: 0.033, baselineValLoss: 0.105 })]).has('clipConverged'), 'not the same config');
});

test('applicationRun (text/csv) and changedConfig (one file, two configs)', () => {
  assert.ok(reachedMilestones([run('t', { dataKind: 'text' })]).has('applicationRun'));
  assert.ok(!reachedMilestones([run('s', { dataKind: 'noisy-sine' })]).has('applicationRun'));
  const a = run('a', { experimentFile: '/w/x.seqlab.yaml', configKey: 'k1' });
  assert.ok(!reachedMilestones([a, { ...a, runId: 'a2' }]).has('changedConfig'), 'the same config twice');
  assert.ok(reachedMilestones([a, { ...a, runId: 'b', configKey: 'k2' }]).has('changedConfig'));
  assert.ok(!reachedMilestones([a, { ...a, runId: 'b', configKey: 'k2', experimentFile: '/w/y.seqlab.yaml' }]).has('changedConfig'), 'two files');
});

test('seq2seq (step 7): a completed seq2seq run below its copy baseline; not an rnn, not a failed or worse-than-copy one', () => {
  const s2s = (id: string, over: Partial<RunFacts> = {}): RunFacts => run(id, { modelType: 'seq2seq', dataKind: 'reverse', bestValLoss: 0.05, baselineValLoss: 2.1, ...over });
  assert.ok(reachedMilestones([s2s('a')]).has('seq2seq'));
  assert.ok(!reachedMilestones([s2s('b', { bestValLoss: 2.5 })]).has('seq2seq'));
  assert.ok(!reachedMilestones([s2s('c', { status: 'failed' })]).has('seq2seq'));
  assert.ok(!reachedMilestones([run('d', { bestValLoss: 0.01 })]).has('seq2seq'));
});
