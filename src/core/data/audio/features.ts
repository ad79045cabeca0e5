/**
 * Speech features computed in the project, step by step as the lesson describes them:
 * framing (frameLength samples every hop) → Hann window → zero-pad to nFft → radix-2 FFT → power
 * spectrum |X|² → triangular mel filterbank → natural log (+1e-6) = **log-mel**; optionally DCT-II
 * (orthonormal) of the log-mel bands, first `mfcc` coefficients = **MFCC**; then optional
 * per-utterance normalisation (each feature: zero mean, unit variance over the clip's frames).
 *
 * Conventions (matched against torchaudio 2.x in test/unit/audio, goldens by scripts/audio-goldens.py):
 * the periodic Hann window (torch.hann_window's default), frames start at sample 0 with no centre
 * padding (torchaudio `center=False`), HTK mel scale (2595·log10(1 + f/700)) with unnormalised
 * triangles of peak 1 (`mel_scale='htk', norm=None`, torchaudio's defaults), power 2, and MFCC as
 * torchaudio.transforms.MFCC with `log_mels=True` (log(mel + 1e-6), DCT-II `norm='ortho'`).
 */
import { FftPlan } from './fft';

export interface FeatureParams {
  sampleRate: number;
  /** Samples per frame (window length). */
  frameLength: number;
  /** Samples between frame starts. */
  hop: number;
  nFft: number;
  mels: number;
  fMin: number;
  fMax: number;
  kind: 'logmel' | 'mfcc';
  /** Coefficients kept for `mfcc`. */
  mfcc: number;
  normalize: 'utterance' | 'none';
}

/** Feature matrix of one clip, row-major [frames, dim]. */
export interface FeatureMatrix {
  frames: number;
  dim: number;
  values: Float32Array;
}

export const LOG_EPSILON = 1e-6;

/**
 * FFT plans, windows, filterbanks and DCT bases by their parameters: every clip of a data set uses
 * the same ones, so they are built once (read-only once built; a handful of sizes per process).
 */
const TABLES = new Map<string, unknown>();
function memo<T>(key: string, make: () => T): T {
  let v = TABLES.get(key) as T | undefined;
  if (v === undefined) {
    v = make();
    TABLES.set(key, v);
  }
  return v;
}

export function featureDim(p: FeatureParams): number {
  return p.kind === 'mfcc' ? p.mfcc : p.mels;
}

/** Periodic Hann window of length n: 0.5 − 0.5·cos(2πi/n) (the DFT-even form used for spectral analysis). */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

export const hzToMel = (f: number): number => 2595 * Math.log10(1 + f / 700);
export const melToHz = (m: number): number => 700 * (10 ** (m / 2595) - 1);

/**
 * Triangular filters, `mels` rows of `nFreqs` = nFft/2 + 1 weights: centres evenly spaced in mel
 * between fMin and fMax, each rising from the previous centre to 1 and falling to the next one.
 */
export function melFilterbank(nFreqs: number, fMin: number, fMax: number, mels: number, sampleRate: number): Float64Array[] {
  const freqs = Array.from({ length: nFreqs }, (_, i) => ((sampleRate / 2) * i) / (nFreqs - 1));
  const mMin = hzToMel(fMin);
  const mMax = hzToMel(fMax);
  const pts = Array.from({ length: mels + 2 }, (_, i) => melToHz(mMin + ((mMax - mMin) * i) / (mels + 1)));
  const bank: Float64Array[] = [];
  for (let m = 0; m < mels; m++) {
    const lo = pts[m] as number;
    const mid = pts[m + 1] as number;
    const hi = pts[m + 2] as number;
    const row = new Float64Array(nFreqs);
    for (let k = 0; k < nFreqs; k++) {
      const f = freqs[k] as number;
      const up = (f - lo) / (mid - lo);
      const down = (hi - f) / (hi - mid);
      row[k] = Math.max(0, Math.min(up, down));
    }
    bank.push(row);
  }
  return bank;
}

/** Power spectrum |X[k]|², k = 0..nFft/2, of every frame. Clips shorter than a frame are zero-padded to one. */
export function powerSpectra(x: Float32Array, p: FeatureParams): Float64Array[] {
  if (p.frameLength > p.nFft) throw new Error(`frame of ${p.frameLength} samples does not fit nFft ${p.nFft}`);
  const frames = x.length <= p.frameLength ? 1 : 1 + Math.floor((x.length - p.frameLength) / p.hop);
  const plan = memo(`fft ${p.nFft}`, () => new FftPlan(p.nFft));
  const win = memo(`hann ${p.frameLength}`, () => hannWindow(p.frameLength));
  const re = new Float64Array(p.nFft);
  const im = new Float64Array(p.nFft);
  const out: Float64Array[] = [];
  for (let f = 0; f < frames; f++) {
    re.fill(0);
    im.fill(0);
    const start = f * p.hop;
    for (let i = 0; i < p.frameLength; i++) re[i] = (x[start + i] ?? 0) * (win[i] as number);
    plan.transform(re, im);
    const power = new Float64Array(p.nFft / 2 + 1);
    for (let k = 0; k <= p.nFft / 2; k++) power[k] = (re[k] as number) ** 2 + (im[k] as number) ** 2;
    out.push(power);
  }
  return out;
}

/** Mel-band energies of every frame, [frames][mels] (before the log). */
export function melEnergies(x: Float32Array, p: FeatureParams): Float64Array[] {
  const bank = memo(`mel ${p.nFft} ${p.fMin} ${p.fMax} ${p.mels} ${p.sampleRate}`, () => melFilterbank(p.nFft / 2 + 1, p.fMin, p.fMax, p.mels, p.sampleRate));
  return powerSpectra(x, p).map((power) =>
    Float64Array.from(bank, (row) => {
      let s = 0;
      for (let k = 0; k < row.length; k++) s += (row[k] as number) * (power[k] as number);
      return s;
    }),
  );
}

/** Orthonormal DCT-II basis, `count` rows × n columns (scipy/torchaudio `norm='ortho'`). */
export function dctBasis(count: number, n: number): Float64Array[] {
  return Array.from({ length: count }, (_, k) => {
    const scale = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    return Float64Array.from({ length: n }, (_, i) => scale * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n)));
  });
}

/** The features of one mono clip at p.sampleRate: log-mel or MFCC, optionally normalised. */
export function computeFeatures(x: Float32Array, p: FeatureParams): FeatureMatrix {
  const logMel = melEnergies(x, p).map((e) => e.map((v) => Math.log(v + LOG_EPSILON)));
  const dim = featureDim(p);
  const basis = p.kind === 'mfcc' ? memo(`dct ${p.mfcc} ${p.mels}`, () => dctBasis(p.mfcc, p.mels)) : undefined;
  const values = new Float32Array(logMel.length * dim);
  logMel.forEach((row, f) => {
    for (let d = 0; d < dim; d++) {
      if (!basis) values[f * dim + d] = row[d] as number;
      else {
        const b = basis[d] as Float64Array;
        let s = 0;
        for (let i = 0; i < row.length; i++) s += (b[i] as number) * (row[i] as number);
        values[f * dim + d] = s;
      }
    }
  });
  const m: FeatureMatrix = { frames: logMel.length, dim, values };
  if (p.normalize === 'utterance') normalizeUtterance(m);
  return m;
}

/**
 * Per-utterance mean and variance normalisation, in place: each feature column gets zero mean and
 * unit variance over the clip's frames (a constant column becomes 0), which removes the clip's
 * loudness and channel colouring but keeps how the spectrum moves over time.
 */
export function normalizeUtterance(m: FeatureMatrix): void {
  const { frames, dim, values } = m;
  for (let d = 0; d < dim; d++) {
    let mean = 0;
    for (let f = 0; f < frames; f++) mean += values[f * dim + d] as number;
    mean /= frames;
    let v = 0;
    for (let f = 0; f < frames; f++) v += ((values[f * dim + d] as number) - mean) ** 2;
    const std = Math.sqrt(v / frames);
    for (let f = 0; f < frames; f++) values[f * dim + d] = std > 1e-8 ? ((values[f * dim + d] as number) - mean) / std : 0;
  }
}
