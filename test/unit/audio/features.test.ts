/**
 * The project's own log-mel and MFCC against torchaudio goldens (scripts/audio-goldens.py: HTK mel
 * scale, unnormalised triangles, periodic Hann, no centre padding, power 2, ln(mel + 1e-6), DCT-II
 * ortho), plus checks that need no reference: a pure tone lands in the mel band around its frequency,
 * the FFT matches a direct DFT, per-utterance normalisation gives zero mean and unit variance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readWav } from '../../../src/core/data/audio/wav';
import { FftPlan } from '../../../src/core/data/audio/fft';
import { computeFeatures, hzToMel, melEnergies, melFilterbank, melToHz, type FeatureParams } from '../../../src/core/data/audio/features';

const ROOT = path.resolve(__dirname, '../../..');
interface GoldenCase {
  name: string;
  frameLength: number;
  hop: number;
  nFft: number;
  mels: number;
  fMin: number;
  fMax: number;
  mfcc: number;
  frames: number;
  filterbank: number[][];
  logmel: number[][];
  mfccValues: number[][];
  [k: string]: unknown;
}
const goldens = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/audio/goldens.json'), 'utf8')) as {
  clip: string;
  sampleRate: number;
  cases: GoldenCase[];
};

function params(c: GoldenCase, kind: 'logmel' | 'mfcc'): FeatureParams {
  return { sampleRate: goldens.sampleRate, frameLength: c.frameLength, hop: c.hop, nFft: c.nFft, mels: c.mels, fMin: c.fMin, fMax: c.fMax, kind, mfcc: c.mfcc, normalize: 'none' };
}

/** Largest absolute difference between a [frames, dim] Float32Array and golden rows. */
function maxAbsDiff(values: Float32Array, dim: number, rows: number[][]): number {
  let worst = 0;
  rows.forEach((row, f) => row.forEach((g, d) => (worst = Math.max(worst, Math.abs((values[f * dim + d] as number) - g)))));
  return worst;
}

/**
 * Ours: one frame per `hop` while `frameLength` samples remain. torchaudio needs `nFft` samples per
 * frame, so when frameLength < nFft it has fewer frames; the rows it has are compared.
 */
function assertFrames(frames: number, samples: number, c: GoldenCase): void {
  assert.equal(frames, 1 + Math.floor((samples - c.frameLength) / c.hop));
  assert.ok(frames >= c.frames && c.frames > 10, `${frames} frames vs torchaudio's ${c.frames}`);
}

// Tolerance (absolute, on natural-log values of magnitude ≤ ~14): measured worst 3e-5, from ours being
// stored as float32 and torchaudio building its filterbank in float32 (felt most in near-silent bands,
// where ln(mel + 1e-6) is steep); a wrong window, mel scale, log or DCT norm is off by 1e-2 or more.
const TOL = 1e-4;

for (const c of goldens.cases) {
  const clip = readWav(path.join(ROOT, goldens.clip)).samples;

  test(`mel filterbank matches torchaudio melscale_fbanks (htk, norm None): ${c.name}`, () => {
    const bank = melFilterbank(c.nFft / 2 + 1, c.fMin, c.fMax, c.mels, goldens.sampleRate);
    let worst = 0;
    bank.forEach((row, m) => row.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - (c.filterbank[m]?.[k] as number))))));
    // torchaudio builds the filterbank in float32: ~1e-6 differences are its rounding.
    assert.ok(worst < 1e-5, `filterbank differs by ${worst}`);
  });

  test(`log-mel matches torchaudio within ${TOL}: ${c.name}`, () => {
    const m = computeFeatures(clip, params(c, 'logmel'));
    assertFrames(m.frames, clip.length, c);
    assert.equal(m.dim, c.mels);
    const diff = maxAbsDiff(m.values, m.dim, c.logmel);
    assert.ok(diff < TOL, `log-mel differs by ${diff}`);
  });

  test(`MFCC matches torchaudio (log_mels, DCT-II ortho) within ${TOL}: ${c.name}`, () => {
    const m = computeFeatures(clip, params(c, 'mfcc'));
    assertFrames(m.frames, clip.length, c);
    assert.equal(m.dim, c.mfcc);
    const diff = maxAbsDiff(m.values, m.dim, c.mfccValues);
    assert.ok(diff < TOL, `MFCC differs by ${diff}`);
  });
}

test('a pure tone puts most of its energy in the mel band whose centre is nearest its frequency', () => {
  const sampleRate = 8000;
  const p: FeatureParams = { sampleRate, frameLength: 200, hop: 80, nFft: 256, mels: 20, fMin: 0, fMax: 4000, kind: 'logmel', mfcc: 13, normalize: 'none' };
  const centres = Array.from({ length: p.mels }, (_, i) => melToHz(hzToMel(p.fMin) + ((hzToMel(p.fMax) - hzToMel(p.fMin)) * (i + 1)) / (p.mels + 1)));
  for (const freq of [300, 1000, 2500]) {
    const x = Float32Array.from({ length: 4000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / sampleRate));
    const energies = melEnergies(x, p)[10] as Float64Array;
    const loudest = energies.indexOf(Math.max(...energies));
    const nearest = centres.reduce((best, c, i) => (Math.abs(c - freq) < Math.abs((centres[best] as number) - freq) ? i : best), 0);
    assert.ok(Math.abs(loudest - nearest) <= 1, `${freq} Hz: loudest band ${loudest} (centre ${centres[loudest]?.toFixed(0)} Hz), nearest centre band ${nearest}`);
    const total = energies.reduce((a, b) => a + b, 0);
    const near = (energies[loudest] ?? 0) + (energies[loudest - 1] ?? 0) + (energies[loudest + 1] ?? 0);
    assert.ok(near / total > 0.95, `${freq} Hz: only ${(near / total).toFixed(3)} of the energy within ±1 band`);
  }
});

test('the radix-2 FFT equals a direct DFT', () => {
  const n = 64;
  const x = Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) + 0.3 * Math.cos(i * 2.1) + (i % 5) * 0.1);
  const re = Float64Array.from(x);
  const im = new Float64Array(n);
  new FftPlan(n).transform(re, im);
  for (let k = 0; k < n; k++) {
    let dr = 0;
    let di = 0;
    for (let t = 0; t < n; t++) {
      dr += (x[t] as number) * Math.cos((2 * Math.PI * k * t) / n);
      di -= (x[t] as number) * Math.sin((2 * Math.PI * k * t) / n);
    }
    assert.ok(Math.abs((re[k] as number) - dr) < 1e-9 && Math.abs((im[k] as number) - di) < 1e-9, `bin ${k}`);
  }
  assert.throws(() => new FftPlan(100), /power of two/);
});

test('per-utterance normalisation: every feature has zero mean and unit variance over the clip', () => {
  const c = goldens.cases[0] as GoldenCase;
  const m = computeFeatures(readWav(path.join(ROOT, goldens.clip)).samples, { ...params(c, 'logmel'), normalize: 'utterance' });
  for (let d = 0; d < m.dim; d++) {
    let mean = 0;
    let sq = 0;
    for (let f = 0; f < m.frames; f++) mean += m.values[f * m.dim + d] as number;
    mean /= m.frames;
    for (let f = 0; f < m.frames; f++) sq += ((m.values[f * m.dim + d] as number) - mean) ** 2;
    assert.ok(Math.abs(mean) < 1e-5, `feature ${d} mean ${mean}`);
    assert.ok(Math.abs(sq / m.frames - 1) < 1e-4, `feature ${d} variance ${sq / m.frames}`);
  }
});
