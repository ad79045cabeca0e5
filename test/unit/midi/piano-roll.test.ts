// The dashboard's piano roll geometry (pure, no DOM): pitch names on the y axis from high to low,
// prompt and generated notes told apart, the boundary where generation starts, beats on x.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePianoRoll, pitchLabel, rollLayout, ROLL_MARGIN } from '../../../webview/views/piano-roll';
import { hits } from '../../../webview/views/notes-samples';

const roll = {
  notes: [
    { pitch: 60, start: 0, duration: 4 },
    { pitch: 64, start: 4, duration: 4 },
    { pitch: 67, start: 8, duration: 8 },
    { pitch: 65, start: 16, duration: 4 },
  ],
  seed: 2,
  stepsPerBeat: 4,
};

test('records are checked before drawing: bad notes are refused, the seed is clamped', () => {
  assert.equal(parsePianoRoll({ notes: [{ pitch: 'C4' }] }), undefined);
  assert.equal(parsePianoRoll(null), undefined);
  assert.equal(parsePianoRoll({ notes: roll.notes, seed: 99 })?.seed, 4);
  assert.equal(parsePianoRoll({ notes: [] })?.stepsPerBeat, 4);
});

test('rows run from the highest pitch to the lowest with one row of margin, labelled with pitch names', () => {
  const L = rollLayout(roll, 440);
  assert.equal(L.hi, 68);
  assert.equal(L.lo, 59);
  assert.deepEqual(L.rows.map((r) => r.label).slice(0, 3), ['G#4', 'G4', 'F#4']);
  assert.equal(L.rows.at(-1)?.label, 'B3');
  assert.ok(L.rows.find((r) => r.pitch === 61)?.black);
  assert.equal(pitchLabel(60), 'C4');
  // Rows are tall enough here to label every pitch.
  assert.ok(L.rows.every((r) => r.labelled));
});

test('notes are placed by start and length, the prompt marked, the boundary at the first generated note', () => {
  const width = 440;
  const L = rollLayout(roll, width);
  const plotW = width - ROLL_MARGIN.left - ROLL_MARGIN.right;
  assert.equal(L.steps, 20);
  assert.deepEqual(L.rects.map((r) => r.prompt), [true, true, false, false]);
  const third = L.rects[2]!;
  assert.ok(Math.abs(third.x - (ROLL_MARGIN.left + (8 / 20) * plotW)) < 1e-9);
  assert.ok(Math.abs(third.w - ((8 / 20) * plotW - 1)) < 1e-9);
  assert.equal(L.boundaryX, third.x);
  // Higher pitch → higher on the canvas (smaller y).
  assert.ok(L.rects[2]!.y < L.rects[1]!.y && L.rects[1]!.y < L.rects[0]!.y);
  assert.deepEqual(L.beatXs.map((b) => b.beat), [0, 1, 2, 3, 4, 5]);
});

test('a roll without a prompt has no boundary; hits count position-wise matches of note tokens', () => {
  assert.equal(rollLayout({ ...roll, seed: 0 }, 300).boundaryX, undefined);
  assert.deepEqual(hits('C4:4 D4:4 E4:4', 'C4:4 E4:4 E4:4'), { hit: 2, of: 3 });
  assert.deepEqual(hits(undefined, 'C4:4'), { hit: 0, of: 1 });
});
