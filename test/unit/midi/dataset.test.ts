// kind: midi as a dataset: the repeat-last-note baseline on a hand case, a corrupt file is an error
// naming it, and a short training run writes a valid generated .mid (plus the piano roll and the
// vocabulary) into the run's artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataError } from '../../../src/core/data';
import { previewData } from '../../../src/core/data/preview';
import { midiDataset, repeatLastBaseline, readMelody } from '../../../src/core/data/midi';
import { readMidiCorpus } from '../../../src/core/data/midi/corpus';
import { parseVocabFile } from '../../../src/core/data/text';
import { runExperiment } from '../../../src/core/run-experiment';
import { testConfig } from '../train/helpers';

const MELODIES = path.resolve(__dirname, '../../../data/melodies');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-midi-'));
}

test('repeat-last-note baseline on a hand case: p(current token) = a, the rest shares 1 - a', () => {
  // x = [1, 2, 2], y = [2, 2, 3]: only the middle position repeats.
  const r = repeatLastBaseline([1, 2, 2], [2, 2, 3], 0.5, 5);
  assert.equal(r.accuracy, 1 / 3);
  const other = 0.5 / 4;
  assert.ok(Math.abs(r.loss - (-Math.log(other) * 2 - Math.log(0.5)) / 3) < 1e-12);
});

test('the dataset: windows within each piece, the baseline fitted on the training repeat rate, names in samples', () => {
  const cfg = testConfig({ data: { kind: 'midi', path: MELODIES, window: 6, split: { train: 0.75, val: 0.25 }, vocabSize: 1000, midi: { grid: 16, maxDuration: 16, transpose: [0] } } });
  const ds = midiDataset(cfg.data, cfg.samples, '.', 1);
  assert.equal(ds.head.kind, 'sequence');
  assert.ok(ds.train.n > 200 && ds.val.n >= 10, `${ds.train.n} train, ${ds.val.n} val windows`);
  // Baseline accuracy = how often the next validation token repeats the current one.
  let same = 0;
  for (let i = 0; i < ds.val.y.length; i++) if (ds.val.x[i] === ds.val.y[i]) same++;
  assert.equal(ds.baseline.valTokenAccuracy, same / ds.val.y.length);
  assert.ok((ds.baseline.valLoss as number) > Math.log(10), 'repeating the last note is a weak predictor of tunes');
  const V = ds.head.outputSize;
  const s = ds.samples(1, [0], new Float32Array(ds.val.n * 6 * V))[0];
  assert.equal(s?.kind, 'notes');
  assert.match(String(s?.input), /^([A-G]#?\d|R|\+):\d+( ([A-G]#?\d|R|\+):\d+)*$/);
});

test('data preview shows melodies as note tokens', () => {
  const cfg = testConfig({ data: { kind: 'midi', path: MELODIES, window: 4, split: { train: 0.75, val: 0.25 }, vocabSize: 1000, midi: { grid: 16, maxDuration: 16, transpose: [0] } } });
  const p = previewData(cfg, '.', 2);
  assert.equal(p.examples.length, 2);
  // Amazing Grace (the first file by name) starts D4 G4 B4 G4 (pickup, then the half note and eighths).
  assert.deepEqual(p.examples[0], { input: 'D4:4 G4:8 B4:2 G4:2', target: 'G4:8 B4:2 G4:2 B4:8' });
});

test('transpose adds shifted training copies only', () => {
  const base = { path: MELODIES, split: { train: 0.75, val: 0.25 }, vocabSize: 1000 };
  const one = readMidiCorpus({ ...base, midi: { grid: 16, maxDuration: 16, transpose: [0] } }, '.');
  const three = readMidiCorpus({ ...base, midi: { grid: 16, maxDuration: 16, transpose: [-2, 0, 2] } }, '.');
  assert.ok(three.vocab.tokens.length > one.vocab.tokens.length);
  assert.deepEqual(three.pieces.map((p) => p.tokens), one.pieces.map((p) => p.tokens), 'pieces (and so validation) as written');
});

test('a corrupt .mid is an error that names the file and data.path', () => {
  const dir = tempDir();
  try {
    fs.copyFileSync(path.join(MELODIES, 'ode-to-joy.mid'), path.join(dir, 'good.mid'));
    fs.writeFileSync(path.join(dir, 'broken.mid'), Buffer.from('this is not a MIDI file at all, just text'));
    const cfg = testConfig({ data: { kind: 'midi', path: dir, window: 4 } });
    assert.throws(
      () => midiDataset(cfg.data, cfg.samples, '.', 1),
      (e: unknown) => e instanceof DataError && e.key === 'data.path' && e.message.includes(path.join(dir, 'broken.mid')) && /corrupt or unsupported MIDI/.test(e.message),
    );
    fs.writeFileSync(path.join(dir, 'broken.mid'), Buffer.from([0x4d, 0x54]));
    assert.throws(() => readMelody(path.join(dir, 'broken.mid'), { grid: 16 }), /broken\.mid: not a MIDI file \(2 bytes/);
    fs.rmSync(path.join(dir, 'broken.mid'));
    assert.throws(
      () => midiDataset({ ...cfg.data, midi: { grid: 16, maxDuration: 16, transpose: [0], track: 3 } }, cfg.samples, '.', 1),
      (e: unknown) => e instanceof DataError && e.key === 'data.midi.track' && /good\.mid: has no track 3/.test(e.message),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a short run writes a valid generated .mid, its piano roll and the vocabulary into artifacts/', async () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, '.seqlab'));
    const file = path.join(dir, 'melody.seqlab.yaml');
    fs.writeFileSync(
      file,
      [
        'data: {kind: midi, path: ' + JSON.stringify(MELODIES) + ', window: 6, split: {train: 0.75, val: 0.25}}',
        'model: {type: gru, layers: [{units: 8}], embedding: {dim: 4}}',
        'training: {epochs: 1, batchSize: 64}',
        'samples: {count: 1, temperatures: [1]}',
        '',
      ].join('\n'),
    );
    const r = await runExperiment({ configPath: file, backend: 'cpu' });
    assert.equal(r.status, 'completed', JSON.stringify(r.error));
    const artifacts = path.join(r.runDir as string, 'artifacts');
    const mid = path.join(artifacts, 'melody-epoch-1.mid');
    const melody = readMelody(mid, { grid: 16 });
    const roll = JSON.parse(fs.readFileSync(path.join(artifacts, 'melody.json'), 'utf8')) as { kind: string; data: { notes: unknown[]; seed: number } };
    assert.equal(roll.kind, 'pianoroll');
    assert.ok(roll.data.seed > 0 && roll.data.notes.length > roll.data.seed, 'prompt notes plus generated ones');
    assert.equal(melody.notes.length, roll.data.notes.length, 'the .mid holds the piano roll notes');
    const vocab = parseVocabFile(fs.readFileSync(path.join(artifacts, 'vocab.json'), 'utf8'));
    assert.equal(vocab?.kind, 'midi');
    assert.equal(vocab?.window, 6);
    assert.equal(vocab?.prompt.length, 6);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
