// MIDI melodies as tokens: the round trip through a real file is exact on the grid, and the stated
// rules hold — chords keep their top note, overlaps are cut, silences are rest tokens, notes longer
// than maxDuration continue as ties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { notesToTokens, tokensToNotes, readMelody, writeMelody, pitchName, parsePitch, type GridNote } from '../../../src/core/data/midi';
import { transposeTokens } from '../../../src/core/data/midi/tokens';

const MELODIES = path.resolve(__dirname, '../../../data/melodies');

test('pitch names: 60 is C4, sharps and flats parse', () => {
  assert.equal(pitchName(60), 'C4');
  assert.equal(pitchName(61), 'C#4');
  assert.equal(pitchName(57), 'A3');
  assert.equal(parsePitch('C4'), 60);
  assert.equal(parsePitch('Bb4'), 70);
  assert.equal(parsePitch('F#3'), 54);
  assert.equal(parsePitch('H2'), undefined);
});

test('read → tokens → write → read gives the same notes on the grid (every shipped melody)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-midi-'));
  try {
    const files = fs.readdirSync(MELODIES).filter((f) => f.endsWith('.mid'));
    assert.ok(files.length >= 7, `melodies shipped: ${files.join(', ')}`);
    for (const f of files) {
      const first = readMelody(path.join(MELODIES, f), { grid: 16 });
      assert.ok(first.notes.length > 20, f);
      const tokens = notesToTokens(first.notes, 16);
      const back = path.join(dir, f);
      fs.writeFileSync(back, writeMelody(tokensToNotes(tokens), { grid: 16, bpm: first.bpm }));
      const second = readMelody(back, { grid: 16 });
      assert.deepEqual(second.notes, first.notes, f);
      assert.equal(second.bpm, first.bpm, f);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a long note becomes the note plus ties, a long rest several rests, and both come back whole', () => {
  const notes: GridNote[] = [
    { pitch: 64, start: 0, duration: 20 }, // 16 + tie 4
    { pitch: 67, start: 40, duration: 4 }, // after a 20-step silence: R:16 R:4
  ];
  const tokens = notesToTokens(notes, 16);
  assert.deepEqual(tokens, ['E4:16', '+:4', 'R:16', 'R:4', 'G4:4']);
  assert.deepEqual(tokensToNotes(tokens), notes);
});

test('chords keep the highest note, an overlapping note is cut where the next starts, a leading silence is a rest', () => {
  const notes: GridNote[] = [
    { pitch: 60, start: 2, duration: 4 },
    { pitch: 64, start: 2, duration: 4 },
    { pitch: 67, start: 2, duration: 8 }, // top of the chord, overlaps the next note by 2
    { pitch: 65, start: 8, duration: 2 },
  ];
  assert.deepEqual(notesToTokens(notes, 16), ['R:2', 'G4:6', 'F4:2']);
});

test('unknown tokens are skipped and a tie with no note before it is a rest', () => {
  assert.deepEqual(tokensToNotes(['+:2', '<unk>', 'C4:4', 'R:2', '+:2', 'D4:2']), [
    { pitch: 60, start: 2, duration: 4 },
    { pitch: 62, start: 10, duration: 2 },
  ]);
});

test('transposition shifts notes only, and refuses to leave the MIDI range', () => {
  assert.deepEqual(transposeTokens(['C4:4', 'R:2', '+:2', 'B4:1'], 2), ['D4:4', 'R:2', '+:2', 'C#5:1']);
  assert.equal(transposeTokens(['G9:4'], 12), undefined);
});

test('a polyphonic file at another resolution: the busiest track is read, on the grid, chords reduced to their top note', async () => {
  const { Midi } = await import('@tonejs/midi');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-midi-'));
  try {
    const m = new Midi();
    m.header.fromJSON({ ...m.header.toJSON(), ppq: 96 });
    m.addTrack().addNote({ midi: 40, ticks: 0, durationTicks: 384 }); // a bass track with one note
    const t = m.addTrack();
    // C major chord for a quarter (96 ticks), then E4 for an eighth played a little late (ticks 100 → step 4 of a 16th grid).
    for (const p of [60, 64, 67]) t.addNote({ midi: p, ticks: 0, durationTicks: 96 });
    t.addNote({ midi: 64, ticks: 100, durationTicks: 48 });
    const file = path.join(dir, 'poly.mid');
    fs.writeFileSync(file, m.toArray());
    const melody = readMelody(file, { grid: 16 });
    assert.equal(melody.track, 1);
    assert.deepEqual(notesToTokens(melody.notes, 16), ['G4:4', 'E4:2']);
    assert.deepEqual(readMelody(file, { grid: 16, track: 0 }).notes, [{ pitch: 40, start: 0, duration: 16 }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
