/** `data.audio` + `data.features` → the exact feature parameters in samples (errors name the key). */
import type { AudioDataConfig, DataConfig } from '../../config/types';
import { DataError } from '../types';
import type { FeatureParams } from './features';

/** The schema's defaults, for configs built by hand (the loader always fills `data.audio`). */
export const AUDIO_DEFAULTS: AudioDataConfig = {
  sampleRate: 8000,
  frameMs: 25,
  hopMs: 10,
  mels: 20,
  fMin: 0,
  mfcc: 13,
  normalize: 'utterance',
  maxFrames: 100,
  splitBy: 'speaker',
};

export function audioConfig(data: DataConfig): AudioDataConfig {
  return { ...AUDIO_DEFAULTS, ...(data.audio ?? {}) };
}

export function featureParams(data: DataConfig): FeatureParams {
  const a = audioConfig(data);
  const frameLength = Math.round((a.frameMs * a.sampleRate) / 1000);
  const hop = Math.round((a.hopMs * a.sampleRate) / 1000);
  if (frameLength < 2) throw new DataError(`a ${a.frameMs} ms frame at ${a.sampleRate} Hz is ${frameLength} sample(s)`, 'data.audio.frameMs', 'use 20–30 ms frames for speech');
  if (hop < 1) throw new DataError(`a ${a.hopMs} ms hop at ${a.sampleRate} Hz is less than one sample`, 'data.audio.hopMs', 'use a hop of about 10 ms');
  let nFft = 2;
  while (nFft < frameLength) nFft *= 2;
  if (a.nFft !== undefined) {
    if ((a.nFft & (a.nFft - 1)) !== 0) throw new DataError(`nFft ${a.nFft} is not a power of two`, 'data.audio.nFft', `use ${nFft} (or null for the next power of two ≥ the frame)`);
    if (a.nFft < frameLength) throw new DataError(`nFft ${a.nFft} is shorter than a frame (${frameLength} samples = ${a.frameMs} ms at ${a.sampleRate} Hz)`, 'data.audio.nFft', `use at least ${nFft}, or null`);
    nFft = a.nFft;
  }
  const nyquist = a.sampleRate / 2;
  const fMax = a.fMax ?? nyquist;
  if (fMax > nyquist) throw new DataError(`fMax ${fMax} Hz is above the Nyquist frequency ${nyquist} Hz of sampleRate ${a.sampleRate}`, 'data.audio.fMax', `use at most ${nyquist}, or null`);
  if (a.fMin >= fMax) throw new DataError(`fMin ${a.fMin} Hz is not below fMax ${fMax} Hz`, 'data.audio.fMin', 'lower fMin (0 is usual)');
  if (data.features === 'mfcc' && a.mfcc > a.mels) throw new DataError(`mfcc ${a.mfcc} coefficients from only ${a.mels} mel bands`, 'data.audio.mfcc', `keep at most ${a.mels} (mels), e.g. 13 of 20`);
  // Each mel band needs at least one FFT bin between its neighbours, else it is all zeros (log → -13.8).
  const binHz = a.sampleRate / nFft;
  if ((fMax - a.fMin) / (a.mels + 1) < binHz / 2) {
    throw new DataError(
      `${a.mels} mel bands between ${a.fMin} and ${fMax} Hz are narrower than the FFT's ${binHz.toFixed(1)} Hz bins, so some bands are empty`,
      'data.audio.mels',
      'use fewer mels, or a larger nFft',
    );
  }
  return { sampleRate: a.sampleRate, frameLength, hop, nFft, mels: a.mels, fMin: a.fMin, fMax, kind: data.features, mfcc: a.mfcc, normalize: a.normalize };
}
