// The pure parts of the dashboard's confusion-matrix card and label-sample renderer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confusionStats, parseConfusion } from '../../../webview/views/confusion';
import { describeInput, isCorrect, topOf } from '../../../webview/views/label-samples';
import { confusionMatrix, labelSample } from '../../../src/core/data/audio/report';

test('confusion matrix: counts from logits, accuracy, recall per label and the most frequent mistakes', () => {
  // 3 classes; logits whose argmax is the prediction.
  const preds = [0, 0, 1, 1, 2, 1, 0];
  const truth = [0, 0, 1, 2, 2, 2, 1];
  const logits = new Float32Array(preds.flatMap((p) => [0, 1, 2].map((c) => (c === p ? 5 : 0))));
  const matrix = confusionMatrix(logits, truth, 3);
  assert.deepEqual(matrix, [[2, 0, 0], [1, 1, 0], [0, 2, 1]]);
  const c = parseConfusion({ labels: ['a', 'b', 'c'], matrix });
  assert.ok(c);
  const s = confusionStats(c);
  assert.equal(s.total, 7);
  assert.equal(s.correct, 4);
  assert.deepEqual(s.recall, [1, 0.5, 1 / 3]);
  assert.deepEqual(s.topConfusions[0], { truth: 'c', predicted: 'b', count: 2 });
  assert.equal(parseConfusion({ labels: ['a'], matrix: [[1, 2]] }), undefined, 'not square');
  assert.equal(parseConfusion('nonsense'), undefined);
});

test('label samples: clip summary, right/wrong, top-3 probabilities that sum to at most 1', () => {
  const rec = labelSample(3, 0, { clip: '7/ann_1.wav', speaker: 'ann', frames: 42, seconds: 0.435 }, '7', [0.1, 2, 0.3, -1], ['0', '7', '8', '9']);
  assert.equal(rec.kind, 'label');
  assert.equal(rec.output, '7');
  assert.ok(isCorrect(rec));
  const top = topOf(rec);
  assert.deepEqual(top.map((t) => t.label), ['7', '8', '0']);
  assert.ok(top[0]!.p > 0.6 && top.reduce((a, t) => a + t.p, 0) <= 1.0001);
  assert.equal(describeInput(rec.input), '7/ann_1.wav · speaker ann · 0.43 s · 42 frames');
  // The copy task's label samples (input = symbol ids, no top) still read.
  assert.equal(describeInput([3, 1, 4]), '3 1 4');
  assert.deepEqual(topOf({ epoch: 1, kind: 'label', input: [], target: 1, output: 2 }), []);
  assert.equal(isCorrect({ epoch: 1, kind: 'label', input: [], target: 1, output: 2 }), false);
});
