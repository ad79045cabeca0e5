/**
 * What `seqlab data preview` (and anything else that wants it) can say about an audio data set
 * before training: how clips became frames, how many clips each label has on each side of the
 * split, which speakers are where (to check that validation voices are unseen), clip lengths, and
 * how many clips are longer than `maxFrames` (those are cut at the end).
 */
import type { Dataset } from '../types';

export interface AudioDescription {
  sampleRate: number;
  features: 'logmel' | 'mfcc';
  featureDim: number;
  maxFrames: number;
  hopMs: number;
  splitBy: 'speaker' | 'file';
  labels: Array<{ label: string; train: number; val: number; test?: number }>;
  speakers: { train: string[]; val: string[]; test?: string[] };
  seconds: { min: number; mean: number; max: number };
  /** Clips (all splits) with more frames than maxFrames. */
  cut: number;
}

const DESCRIPTIONS = new WeakMap<Dataset, AudioDescription>();

/** Registered by audioDataset for the Dataset it returns (no field is added to the Dataset contract). */
export function registerDescription(ds: Dataset, d: AudioDescription): Dataset {
  DESCRIPTIONS.set(ds, d);
  return ds;
}

/** The description of a Dataset built by audioDataset; undefined for any other. */
export function describeAudio(ds: Dataset): AudioDescription | undefined {
  return DESCRIPTIONS.get(ds);
}

export function formatAudioDescription(a: AudioDescription): string[] {
  const test = a.speakers.test;
  const list = (xs: string[]): string => (xs.length > 12 ? `${xs.slice(0, 12).join(', ')}, … (${xs.length})` : xs.join(', '));
  return [
    `audio     ${a.features} ${a.featureDim} per frame, a frame every ${a.hopMs} ms at ${a.sampleRate} Hz; ${a.maxFrames} frames per example; clips ${a.seconds.min.toFixed(2)}–${a.seconds.max.toFixed(2)} s (mean ${a.seconds.mean.toFixed(2)})${a.cut ? `; ${a.cut} clip(s) longer than maxFrames are cut at the end` : ''}`,
    `labels    ${a.labels.map((l) => `${l.label} ${l.train}/${l.val}${l.test !== undefined ? `/${l.test}` : ''}`).join(', ')}  (train/val${test ? '/test' : ''} clips)`,
    `split by  ${a.splitBy}: train ${list(a.speakers.train)}; validation ${list(a.speakers.val)}${test ? `; test ${list(test)}` : ''}`,
  ];
}
