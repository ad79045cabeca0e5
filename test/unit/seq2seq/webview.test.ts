// The pure parts of the seq2seq dashboard views (the views' files also hold DOM code, hence the DOM lib).
/// <reference lib="dom" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SampleRecord } from '../../../src/core/events';
import { sequenceRows, tokensOf } from '../../../webview/views/sequence-samples';
import { ATTENTION_FLOOR, attentionHeatmap, parseAttention, strongestSource } from '../../../webview/views/attention';
import { applyMessage, initialState } from '../../../webview/state';

const REC: SampleRecord = {
  epoch: 3,
  kind: 'sequence',
  input: 'abc',
  target: 'cba',
  output: 'cb',
  teacherForced: 'cbb',
  baseline: 'abc',
  join: '',
  tokens: { input: ['a', 'b', 'c'], target: ['c', 'b', 'a'], output: ['c', 'b'], teacherForced: ['c', 'b', 'b'], baseline: ['a', 'b', 'c'], beam: ['c', 'b', 'a'] },
};

test("sequence samples: rows in order, each output token marked against the target's token at its position", () => {
  const rows = sequenceRows(REC);
  assert.deepEqual(rows.map((r) => r.label), ['input', 'target', 'teacher-forced', 'free running', 'beam search', 'copy baseline']);
  const marks = (label: string): string => rows.find((r) => r.label === label)!.tokens.map((t) => t.mark[0]).join('');
  assert.equal(marks('input'), 'ppp');
  assert.equal(marks('teacher-forced'), 'rrw');
  assert.equal(marks('free running'), 'rr');
  assert.equal(marks('copy baseline'), 'wrw');
  assert.equal(rows.find((r) => r.label === 'free running')!.exact, false, 'too short is not exact');
  assert.equal(rows.find((r) => r.label === 'beam search')!.exact, true);
  // Without token lists the text is split by characters (join '') or spaces.
  assert.deepEqual(tokensOf({ epoch: 1, kind: 'sequence', input: 'the cat', target: 'le chat', output: 'le chien', join: ' ' }, 'output'), ['le', 'chien']);
  assert.equal(tokensOf(REC, 'missing'), undefined);
});

test('sequence samples and attention artifacts reach the dashboard state through the reducer', () => {
  let s = initialState();
  s = applyMessage(s, { type: 'events', runId: 'r', events: [{ type: 'samples', epoch: 3, samples: [REC] }] });
  assert.equal(s.samples.sequence?.samples[0]?.target, 'cba');
  const data = { source: ['a', 'b', 'c'], target: ['c', 'b', 'a', '</s>'], weights: [[0, 0.1, 0.9], [0.1, 0.8, 0.1], [0.9, 0.1, 0], [0.3, 0.3, 0.4]] };
  s = applyMessage(s, { type: 'events', runId: 'r', events: [{ type: 'artifact', name: 'attention', kind: 'attention', epoch: 3, data }] });
  const a = parseAttention(s.artifacts.attention?.data);
  assert.ok(a);
  assert.deepEqual(strongestSource(a), [2, 1, 0, 2], 'a reversal attends along the anti-diagonal');
  const map = attentionHeatmap(a);
  assert.equal(map.cols, 3);
  assert.equal(map.values[0]?.[0], ATTENTION_FLOOR, 'zero weights sit on the scale floor');
  assert.equal(parseAttention({ source: ['a'], target: ['b'], weights: [[0.5, 0.5]] }), undefined, 'a row of the wrong width is rejected');
});
