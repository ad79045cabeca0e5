/**
 * `data.kind: audio`: spoken-word (or any sound) classification from WAV files in one folder per
 * label. Each clip → mono → resampled → log-mel or MFCC frames (features.ts, cached by cache.ts) →
 * exactly `maxFrames` time steps: longer clips are cut at the end, shorter ones padded with zero
 * frames in front (fixed length, no masking: the clip always ends at the last step, where the model
 * names the label; with per-utterance normalisation a zero frame is the clip's average frame).
 *
 * Train/validation split by speaker (`audio.splitBy`), so validation voices are unseen; an optional
 * `testPath` in the same layout is evaluated once at the end (`testAccuracy`, `testLoss`).
 * Baseline: the majority class of the training clips.
 */
import * as path from 'node:path';
import type { DataConfig } from '../../config/types';
import type { Metrics } from '../../events';
import { findRootFromDir } from '../../runs/root';
import type { Rng } from '../../util/rng';
import { crossEntropyAndAccuracy, priorBaseline, smoothedFrequencies } from '../classification-metrics';
import { fingerprint } from '../fingerprint';
import { DataError, type Dataset, type SplitArrays } from '../types';
import { loadClipFeatures } from './cache';
import { listClips, type Clip } from './clips';
import { featureDim, type FeatureMatrix, type FeatureParams } from './features';
import { audioConfig, featureParams } from './params';
import { registerDescription } from './describe';
import { confusionArtifact, confusionMatrix, labelSample, type ClipSummary } from './report';

export { readWav, decodeWav, WavError } from './wav';
export { encodeWav } from './wav-write';
export { resample } from './resample';
export { computeFeatures } from './features';
export { featureParams, AUDIO_DEFAULTS } from './params';
export { describeAudio, formatAudioDescription, type AudioDescription } from './describe';

export interface AudioDatasetOptions {
  /** Where feature caches go; default `<root>/.seqlab/cache` (the runs root of the YAML's folder). `false`: no cache. */
  cacheDir?: string | false;
}

/** Clips of one split with their features and label ids. */
interface Part {
  clips: Clip[];
  features: FeatureMatrix[];
  labels: Int32Array;
}

export function audioDataset(data: DataConfig, rng: Rng, seed: number, baseDir: string, o: AudioDatasetOptions = {}): Dataset {
  if (!data.path) throw new DataError('kind audio reads WAV files, but no data.path is given', 'data.path', 'add path: ./clips/ (one sub-folder per label)');
  const a = audioConfig(data);
  const p = featureParams(data);
  const cacheDir = o.cacheDir === false ? undefined : (o.cacheDir ?? path.join(findRootFromDir(baseDir), '.seqlab', 'cache'));
  const listed = listClips(data.path, 'data.path');
  const labelNames = listed.labels;
  const all = loadClipFeatures(listed.clips, p, { folder: data.path, key: 'data.path', cacheDir });
  const { trainIdx, valIdx } = splitIndices(listed.clips, a.splitBy, data.split, rng);
  const labelOf = (c: Clip): number => labelNames.indexOf(c.label);
  const part = (idx: number[]): Part => ({
    clips: idx.map((i) => listed.clips[i] as Clip),
    features: idx.map((i) => all.features[i] as FeatureMatrix),
    labels: Int32Array.from(idx, (i) => labelOf(listed.clips[i] as Clip)),
  });
  const trainPart = part(trainIdx);
  const valPart = part(valIdx);
  const testPart = data.testPath ? testSet(data.testPath, labelNames, p, cacheDir) : undefined;

  const T = a.maxFrames;
  const F = featureDim(p);
  const C = labelNames.length;
  const train = toArrays(trainPart, T, F);
  const val = toArrays(valPart, T, F);
  const test = testPart ? toArrays(testPart, T, F) : undefined;
  const prior = smoothedFrequencies(train.y, C);
  const majority = prior.indexOf(Math.max(...prior));
  const valBase = priorBaseline(prior, val.y);
  const testBase = test ? priorBaseline(prior, test.y) : undefined;
  const summaryOf = (c: Clip, f: FeatureMatrix): ClipSummary => ({
    clip: c.rel,
    speaker: c.speaker,
    frames: Math.min(f.frames, T),
    seconds: Number((((f.frames - 1) * p.hop + p.frameLength) / p.sampleRate).toFixed(3)),
  });
  const speakers = (clips: Clip[]): number => new Set(clips.map((c) => c.speaker)).size;
  const ds: Dataset = {
    summary: {
      kind: 'audio',
      trainExamples: train.n,
      valExamples: val.n,
      ...(test ? { testExamples: test.n } : {}),
      timeSteps: T,
      features: F,
      outputs: C,
      task: 'classification',
      baselineName:
        `majority class: always say '${labelNames[majority]}' (the most common training label); ` +
        `split by ${a.splitBy}: ${speakers(trainPart.clips)} training and ${speakers(valPart.clips)} validation ${a.splitBy === 'speaker' ? 'speakers' : 'clip groups'}`,
      fingerprint: fingerprint({ kind: 'audio', features: data.features, params: p, maxFrames: T, splitBy: a.splitBy, split: data.split, seed, labels: labelNames }, train.x, val.x, ...(test ? [test.x] : [])),
    },
    xShape: [T, F],
    yShape: [],
    xDtype: 'float32',
    yDtype: 'int32',
    loss: 'crossentropy',
    head: { kind: 'classification', outputSize: C },
    inputSize: F,
    train,
    val,
    baseline: { valLoss: valBase.loss, valAccuracy: valBase.accuracy, ...(testBase ? { testLoss: testBase.loss, testAccuracy: testBase.accuracy } : {}) },
    evaluate: (outputs: Float32Array): Metrics => {
      const r = crossEntropyAndAccuracy(outputs, val.y, C);
      return { valLoss: r.loss, valAccuracy: r.accuracy };
    },
    ...(test
      ? {
          test: {
            split: test,
            evaluate: (outputs: Float32Array): Metrics => {
              const r = crossEntropyAndAccuracy(outputs, test.y, C);
              return { testLoss: r.loss, testAccuracy: r.accuracy };
            },
            artifacts: (epoch: number, outputs: Float32Array) => [confusionArtifact(epoch, labelNames, confusionMatrix(outputs, test.y, C), 'test')],
          },
        }
      : {}),
    samples: (epoch, indices, outputs) =>
      indices.map((i) =>
        labelSample(epoch, i, summaryOf(valPart.clips[i] as Clip, valPart.features[i] as FeatureMatrix), labelNames[val.y[i] as number] as string, outputs.subarray(i * C, (i + 1) * C), labelNames),
      ),
    artifacts: (epoch, ctx) => [confusionArtifact(epoch, labelNames, confusionMatrix(ctx.valOutputs, val.y, C), 'validation')],
  };
  const parts = [trainPart, valPart, ...(testPart ? [testPart] : [])];
  const frames = parts.flatMap((q) => q.features.map((f) => f.frames));
  const seconds = frames.map((n) => ((n - 1) * p.hop + p.frameLength) / p.sampleRate);
  const count = (q: Part, label: number): number => q.labels.filter((l) => l === label).length;
  const speakerList = (q: Part): string[] => [...new Set(q.clips.map((c) => c.speaker))].sort();
  return registerDescription(ds, {
    sampleRate: p.sampleRate,
    features: p.kind,
    featureDim: F,
    maxFrames: T,
    hopMs: a.hopMs,
    splitBy: a.splitBy,
    labels: labelNames.map((label, i) => ({ label, train: count(trainPart, i), val: count(valPart, i), ...(testPart ? { test: count(testPart, i) } : {}) })),
    speakers: { train: speakerList(trainPart), val: speakerList(valPart), ...(testPart ? { test: speakerList(testPart) } : {}) },
    seconds: { min: Math.min(...seconds), mean: seconds.reduce((x, y) => x + y, 0) / seconds.length, max: Math.max(...seconds) },
    cut: frames.filter((n) => n > T).length,
  });
}

/**
 * Groups (speakers, or single clips) shuffled with the seed; `split.val` of the groups validate (at
 * least one), `split.train` of them train (at most the rest). Split before anything is fitted.
 */
export function splitIndices(clips: Clip[], by: 'speaker' | 'file', split: { train: number; val: number }, rng: Rng): { trainIdx: number[]; valIdx: number[] } {
  const groups = new Map<string, number[]>();
  clips.forEach((c, i) => {
    const g = by === 'speaker' ? c.speaker : c.rel;
    groups.set(g, [...(groups.get(g) ?? []), i]);
  });
  const G = groups.size;
  if (G < 2) {
    throw new DataError(
      `all ${clips.length} clips belong to one speaker ('${[...groups.keys()][0]}'), so there is nobody left to validate on`,
      'data.audio.splitBy',
      "name files <speaker>_<n>.wav (the part before the first '_' is the speaker), or use splitBy: file",
    );
  }
  const order = rng.shuffle([...groups.keys()].sort());
  const nVal = Math.max(1, Math.round(G * split.val));
  const nTrain = Math.max(1, Math.min(G - nVal, Math.round(G * split.train)));
  const take = (keys: string[]): number[] => keys.flatMap((k) => groups.get(k) ?? []).sort((x, y) => x - y);
  return { valIdx: take(order.slice(0, nVal)), trainIdx: take(order.slice(nVal, nVal + nTrain)) };
}

function testSet(folder: string, labelNames: string[], p: FeatureParams, cacheDir: string | undefined): Part {
  const listed = listClips(folder, 'data.testPath');
  const unknown = listed.labels.filter((l) => !labelNames.includes(l));
  if (unknown.length > 0) {
    throw new DataError(
      `the test set has label folder(s) ${unknown.map((l) => `'${l}'`).join(', ')} that the training folder does not have (${labelNames.join(', ')})`,
      'data.testPath',
      'use the same label folder names under path and testPath',
    );
  }
  const { features } = loadClipFeatures(listed.clips, p, { folder, key: 'data.testPath', cacheDir });
  return { clips: listed.clips, features, labels: Int32Array.from(listed.clips, (c) => labelNames.indexOf(c.label)) };
}

/** [n, T, F] with each clip's frames at the end (zero frames in front), cut after T frames. */
function toArrays(part: Part, T: number, F: number): SplitArrays {
  const n = part.clips.length;
  const x = new Float32Array(n * T * F);
  part.features.forEach((f, i) => {
    const frames = Math.min(f.frames, T);
    x.set(f.values.subarray(0, frames * F), (i * T + (T - frames)) * F);
  });
  return { n, x, y: part.labels };
}
