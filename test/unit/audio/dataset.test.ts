/**
 * `data.kind: audio` end to end on clips written by code: folders per label, speakers by file-name
 * prefix, 16 kHz stereo files resampled to 8 kHz mono, the fixed-length frames (padded in front),
 * the split by speaker, the feature cache and its invalidation, errors that name the file or the key,
 * and a short training run whose test set, confusion matrix and label samples land in the run folder.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataConfig } from '../../../src/core/config/types';
import { audioDataset, describeAudio, encodeWav, formatAudioDescription } from '../../../src/core/data/audio';
import { loadClipFeatures } from '../../../src/core/data/audio/cache';
import { listClips } from '../../../src/core/data/audio/clips';
import { featureParams } from '../../../src/core/data/audio/params';
import { DataError } from '../../../src/core/data/types';
import { runExperiment } from '../../../src/core/run-experiment';
import { Rng } from '../../../src/core/util/rng';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-audio-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const TONES: Record<string, number> = { low: 300, mid: 1000, high: 2500 };

/** A tone of the label's pitch, shifted a little per speaker, with a fade in/out and some noise. */
function writeClip(file: string, hz: number, seconds: number, seed: number): void {
  const rate = 16000;
  const rng = new Rng(seed);
  const n = Math.round(rate * seconds);
  const ch = Array.from({ length: n }, (_, i) => {
    const env = Math.min(1, i / 400, (n - i) / 400);
    return 0.5 * env * Math.sin((2 * Math.PI * hz * i) / rate) + 0.02 * rng.normal();
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, encodeWav([ch, ch.map((v) => v * 0.8)], { sampleRate: rate, bitsPerSample: 16 }));
}

function makeSet(root: string, speakers: string[], seed: number): void {
  speakers.forEach((sp, s) => {
    for (const [label, hz] of Object.entries(TONES)) {
      for (const take of [1, 2]) writeClip(path.join(root, label, `${sp}_${take}.wav`), hz * (1 + 0.03 * (s - 2)), 0.12 + 0.04 * take + 0.01 * s, seed + s * 10 + take);
    }
  });
}

const trainDir = path.join(tmp, 'clips');
const testDir = path.join(tmp, 'test-clips');
makeSet(trainDir, ['ann', 'bob', 'cyd', 'dee', 'eve'], 1);
makeSet(testDir, ['fay', 'gus'], 100);

function dataConfig(over: Partial<DataConfig> = {}, audio: Partial<NonNullable<DataConfig['audio']>> = {}): DataConfig {
  return {
    kind: 'audio', path: trainDir, normalize: 'zscore', missing: 'error', window: 50, horizon: 1, split: { train: 0.8, val: 0.2 },
    length: 0, noise: 0, size: 0, minLength: 1, maxLength: 1, vocabSize: 10, tokens: 'char', features: 'logmel',
    audio: { sampleRate: 8000, frameMs: 25, hopMs: 10, mels: 16, fMin: 0, mfcc: 8, normalize: 'none', maxFrames: 25, splitBy: 'speaker', ...audio },
    ...over,
  };
}

test('folders per label, split by speaker: validation speakers never appear in training; fixed-length frames padded in front', () => {
  const ds = audioDataset(dataConfig({ testPath: testDir }), new Rng(3), 3, tmp, { cacheDir: false });
  assert.deepEqual(ds.xShape, [25, 16]);
  assert.equal(ds.head.outputSize, 3);
  assert.equal(ds.train.n + ds.val.n, 30);
  assert.equal(ds.val.n, 6, 'round(5 speakers × 0.2) = 1 speaker × 3 labels × 2 takes');
  assert.equal(ds.test?.split.n, 12);
  assert.equal(ds.summary.testExamples, 12);
  assert.match(ds.summary.baselineName, /majority class.*4 training and 1 validation speakers/);
  // The shortest clip (0.16 s at 10 ms hops → 14 frames) leaves zero frames at the front, none at the end.
  const T = 25;
  const F = 16;
  const rowIsZero = (x: Float32Array | Int32Array, i: number, t: number): boolean => x.subarray((i * T + t) * F, (i * T + t + 1) * F).every((v) => v === 0);
  for (let i = 0; i < ds.train.n; i++) {
    assert.ok(rowIsZero(ds.train.x, i, 0), `clip ${i} is padded in front`);
    assert.ok(!rowIsZero(ds.train.x, i, T - 1), `clip ${i} ends at the last step`);
  }
  assert.equal(ds.baseline.valAccuracy, 1 / 3, 'balanced classes: the majority class is right a third of the time');
  assert.equal(ds.baseline.testAccuracy, 1 / 3);
  // What `seqlab data preview` prints: labels per split, and speakers that never cross the split.
  const d = describeAudio(ds);
  assert.ok(d);
  assert.deepEqual(d.labels.map((l) => [l.label, l.train, l.val, l.test]), [['high', 8, 2, 4], ['low', 8, 2, 4], ['mid', 8, 2, 4]]);
  assert.equal(d.speakers.val.length, 1);
  assert.ok(!d.speakers.train.includes(d.speakers.val[0]!), 'the validation speaker is not a training speaker');
  assert.deepEqual(d.speakers.test, ['fay', 'gus']);
  assert.equal(d.cut, 0);
  assert.match(formatAudioDescription(d).join('\n'), /labels +high 8\/2\/4, low 8\/2\/4, mid 8\/2\/4 +\(train\/val\/test clips\)/);
});

test('which speakers validate depends on the seed only; splitBy: file mixes them', () => {
  const clips = listClips(trainDir, 'data.path').clips;
  const valSpeakers = (seed: number, splitBy: 'speaker' | 'file'): Set<string> => {
    const ds = audioDataset(dataConfig({}, { splitBy }), new Rng(seed), seed, tmp, { cacheDir: false });
    const samples = ds.samples(1, Array.from({ length: ds.val.n }, (_, i) => i), new Float32Array(ds.val.n * 3));
    return new Set(samples.map((s) => (s.input as { speaker: string }).speaker));
  };
  assert.deepEqual(valSpeakers(5, 'speaker'), valSpeakers(5, 'speaker'));
  assert.equal(valSpeakers(5, 'speaker').size, 1);
  assert.ok(valSpeakers(5, 'file').size > 1, 'clip by clip, several speakers validate');
  assert.equal(clips.length, 30);
});

test('features are cached by path, size and mtime: a second load reads the cache, a changed file is recomputed', () => {
  const dir = path.join(tmp, 'cache-set');
  makeSet(dir, ['ann', 'bob'], 7);
  const cacheDir = path.join(tmp, 'cache');
  const { clips } = listClips(dir, 'data.path');
  const p = featureParams(dataConfig());
  const first = loadClipFeatures(clips, p, { folder: dir, key: 'data.path', cacheDir });
  assert.equal(first.fromCache, false);
  const second = loadClipFeatures(clips, p, { folder: dir, key: 'data.path', cacheDir });
  assert.equal(second.fromCache, true);
  assert.deepEqual(second.features, first.features);
  assert.ok(fs.readFileSync(path.join(cacheDir, '.gitignore'), 'utf8').includes('*'));
  // Other parameters → another key.
  assert.equal(loadClipFeatures(clips, { ...p, mels: 12 }, { folder: dir, key: 'data.path', cacheDir }).fromCache, false);
  // Rewrite one clip as a different tone (new size and mtime): recomputed, and its features change.
  const changed = clips.findIndex((c) => c.rel === 'low/ann_1.wav');
  writeClip(clips[changed]!.file, 3000, 0.3, 42);
  const t = new Date(Date.now() + 5000);
  fs.utimesSync(clips[changed]!.file, t, t);
  const third = loadClipFeatures(clips, p, { folder: dir, key: 'data.path', cacheDir });
  assert.equal(third.fromCache, false);
  assert.notDeepEqual(third.features[changed], first.features[changed]);
  assert.deepEqual(third.features[changed === 0 ? 1 : 0], first.features[changed === 0 ? 1 : 0]);
  // One cache file per folder: the stale one was removed.
  assert.equal(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.bin')).length, 1);
});

test('bad data: a corrupt clip, one label, unknown test labels and impossible parameters name the file or the key', () => {
  const bad = path.join(tmp, 'bad');
  makeSet(bad, ['ann', 'bob'], 9);
  fs.writeFileSync(path.join(bad, 'mid', 'bob_3.wav'), 'RIFF\x10\x00\x00\x00WAVEjunk');
  assert.throws(
    () => audioDataset(dataConfig({ path: bad }), new Rng(1), 1, tmp, { cacheDir: false }),
    (e: unknown) => e instanceof DataError && e.key === 'data.path' && e.message.includes(path.join('mid', 'bob_3.wav')) && /no "fmt " chunk/.test(e.message),
  );
  const one = path.join(tmp, 'one-label');
  writeClip(path.join(one, 'yes', 'ann_1.wav'), 500, 0.2, 1);
  assert.throws(() => audioDataset(dataConfig({ path: one }), new Rng(1), 1, tmp, { cacheDir: false }), (e: unknown) => e instanceof DataError && /only one label folder \(yes\)/.test(e.message));
  const odd = path.join(tmp, 'odd-test');
  writeClip(path.join(odd, 'low', 'zed_1.wav'), 300, 0.2, 1);
  writeClip(path.join(odd, 'maybe', 'zed_1.wav'), 300, 0.2, 1);
  assert.throws(() => audioDataset(dataConfig({ testPath: odd }), new Rng(1), 1, tmp, { cacheDir: false }), (e: unknown) => e instanceof DataError && e.key === 'data.testPath' && /'maybe'/.test(e.message));
  assert.throws(() => featureParams(dataConfig({ features: 'mfcc' }, { mfcc: 30 })), (e: unknown) => e instanceof DataError && e.key === 'data.audio.mfcc');
  assert.throws(() => featureParams(dataConfig({}, { fMax: 6000 })), (e: unknown) => e instanceof DataError && e.key === 'data.audio.fMax' && /Nyquist/.test(e.message));
  assert.throws(() => featureParams(dataConfig({}, { nFft: 128 })), (e: unknown) => e instanceof DataError && e.key === 'data.audio.nFft');
  const solo = path.join(tmp, 'solo');
  for (const l of ['a', 'b']) writeClip(path.join(solo, l, 'ann_1.wav'), 500, 0.2, 1);
  assert.throws(() => audioDataset(dataConfig({ path: solo }), new Rng(1), 1, tmp, { cacheDir: false }), (e: unknown) => e instanceof DataError && e.key === 'data.audio.splitBy');
});

test('a short run learns the tones; testAccuracy, the confusion matrix and label samples land in the run folder', async () => {
  const file = path.join(tmp, 'tones.seqlab.yaml');
  fs.writeFileSync(
    file,
    [
      'seed: 2',
      'data:',
      '  kind: audio',
      `  path: ${JSON.stringify(trainDir)}`,
      `  testPath: ${JSON.stringify(testDir)}`,
      '  audio: {mels: 16, maxFrames: 25, normalize: none}',
      'model: {type: gru, layers: [{units: 16}]}',
      'training: {epochs: 12, batchSize: 8, optimizer: {name: adam, learningRate: 0.02}}',
      'samples: {every: 4, count: 3}',
      'expect: {valAccuracy: {aboveBaseline: 0.3}, testAccuracy: {aboveBaseline: 0.3}}',
      '',
    ].join('\n'),
  );
  fs.mkdirSync(path.join(tmp, '.seqlab'), { recursive: true });
  const r = await runExperiment({ configPath: file });
  assert.equal(r.status, 'completed', JSON.stringify(r.error ?? r.configErrors));
  for (const e of r.summary?.expect ?? []) assert.ok(e.passed, `${e.metric} ${e.rule}: ${e.value}`);
  assert.equal(r.summary?.expect.length, 2);
  const runDir = r.runDir as string;
  const confusion = JSON.parse(fs.readFileSync(path.join(runDir, 'artifacts', 'confusion.json'), 'utf8')) as { kind: string; data: { labels: string[]; matrix: number[][] } };
  assert.equal(confusion.kind, 'confusion');
  assert.deepEqual(confusion.data.labels, ['high', 'low', 'mid']);
  assert.equal(confusion.data.matrix.flat().reduce((a, b) => a + b, 0), 6, 'every validation clip counted once');
  const testConfusion = JSON.parse(fs.readFileSync(path.join(runDir, 'artifacts', 'confusion-test.json'), 'utf8')) as typeof confusion;
  assert.equal(testConfusion.data.matrix.flat().reduce((a, b) => a + b, 0), 12, 'every test clip counted once');
  const right = testConfusion.data.matrix.reduce((n, row, i) => n + (row[i] ?? 0), 0);
  assert.equal(right / 12, r.summary?.final.testAccuracy, 'the test confusion matrix agrees with testAccuracy');
  const samples = fs.readFileSync(path.join(runDir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { samples?: Array<Record<string, unknown>> } & Record<string, unknown>);
  const label = samples.flatMap((s) => s.samples ?? [s]).find((s) => s.kind === 'label');
  assert.ok(label, 'label samples written');
  assert.equal((label.top as unknown[]).length, 3);
  assert.match(String((label.input as { clip: string }).clip), /^(high|low|mid)\/\w+_\d\.wav$/);
  assert.ok(fs.existsSync(path.join(tmp, '.seqlab', 'cache', '.gitignore')), 'features cached under <root>/.seqlab/cache');
});
