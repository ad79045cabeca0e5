import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepFor, walkthroughLink } from '../../../src/extension/language/walkthrough-links';

test('keys and values map to the lesson step that shows them', () => {
  assert.equal(stepFor('model.type', 'lstm')?.step, 'compareCells');
  assert.equal(stepFor('model.type', 'seq2seq')?.step, 'seq2seq');
  assert.equal(stepFor('data.kind', 'adding')?.step, 'vanishingGradients');
  assert.equal(stepFor('data.kind', 'csv')?.step, 'applications');
  assert.equal(stepFor('data.kind', 'noisy-sine')?.step, 'sequenceData');
  assert.equal(stepFor('training.clipNorm')?.step, 'explodingGradients');
  assert.equal(stepFor('data.window')?.step, 'firstRnn');
  assert.equal(stepFor('name'), undefined);
});

test('the link opens the contributed step, else the walkthrough, else there is none', () => {
  const ref = { step: 'compareCells', title: 'x' };
  const decode = (l: string): unknown => JSON.parse(decodeURIComponent(l.split('?')[1] ?? ''));
  const withStep = walkthroughLink(ref, ['firstRnn', 'compareCells']);
  assert.ok(withStep?.startsWith('command:workbench.action.openWalkthrough?'));
  assert.deepEqual(decode(withStep!), [{ category: 'seqlab.sequence-lab#learnRnns', step: 'compareCells' }, false]);
  assert.deepEqual(decode(walkthroughLink(ref, ['firstRnn'])!), ['seqlab.sequence-lab#learnRnns', false]);
  assert.equal(walkthroughLink(ref, undefined), undefined);
});
