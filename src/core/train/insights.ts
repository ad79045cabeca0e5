/**
 * What each epoch shows besides its metrics: the gradient through time on a fixed probe batch, the
 * hidden state and gates of one fixed example, and sample outputs beside their baseline.
 */
import * as tf from '@tensorflow/tfjs-core';
import { tidyData } from './tidy';
import type { ExperimentConfig } from '../config/types';
import type { Dataset, EvalExtras } from '../data';
import type { OnEvent } from '../events';
import type { SeqModel } from '../models/types';
import { batchTensors } from './batches';
import { captureHidden } from './capture';
import { gradientThroughTime } from './probes';
import { nextTokenLogits } from './next-token';
import { attentionArtifact } from './decode/attention';
import { beamSearch } from './decode/beam';

/** Probe batch size: enough examples for a stable curve, small enough to cost little. */
const PROBE_EXAMPLES = 32;

/** Fixed validation examples shown as samples, spread over the split. */
export function sampleIndices(n: number, count: number): number[] {
  const k = Math.min(n, Math.max(0, count));
  return Array.from({ length: k }, (_, i) => Math.floor(((i + 0.5) * n) / k));
}

export function emitInsights(
  e: { model: SeqModel; ds: Dataset; config: ExperimentConfig; emit: OnEvent },
  epoch: number,
  valOutputs: Float32Array,
  lastEpoch: boolean,
  extra?: EvalExtras,
): void {
  const { model, ds, config, emit } = e;
  if (ds.val.n === 0) return;
  const shown = sampleIndices(ds.val.n, config.samples.count);
  const probeIdx = Array.from({ length: Math.min(PROBE_EXAMPLES, ds.val.n) }, (_, i) => i);
  const records = tidyData(() => {
    const { x, y } = batchTensors(ds, ds.val, probeIdx);
    return gradientThroughTime(model, ds.loss, x, y, epoch, ds.seq2seq?.padId);
  });
  emit({ type: 'gradients', epoch, records });
  const hiddenIndex = shown[0] ?? 0;
  const hidden = tidyData(() => captureHidden(model, batchTensors(ds, ds.val, [hiddenIndex]).x, epoch, hiddenIndex));
  emit({ type: 'hidden', ...hidden });
  const every = Math.max(1, config.samples.every);
  if (shown.length > 0 && (epoch % every === 0 || lastEpoch)) {
    const samples = ds.samples(epoch, shown, valOutputs, withBeams(model, ds, shown, config.samples.beamWidth, extra));
    // Kinds that generate (text) need the model itself, fed its own output token by token.
    if (ds.generate) samples.push(...ds.generate(epoch, nextTokenLogits(model)));
    emit({ type: 'samples', epoch, samples });
    for (const a of ds.artifacts?.(epoch, { valOutputs, next: nextTokenLogits(model), lastEpoch }) ?? []) emit({ type: 'artifact', ...a });
    const attention = ds.seq2seq ? attentionArtifact(model, ds, hiddenIndex, epoch) : undefined;
    if (attention) emit({ type: 'artifact', ...attention });
  }
}

/** Seq2seq samples with samples.beamWidth > 1: each shown example decoded by beam search as well. */
function withBeams(model: SeqModel, ds: Dataset, shown: number[], beamWidth: number | undefined, extra: EvalExtras | undefined): EvalExtras | undefined {
  const s2s = ds.seq2seq;
  const dec = model.stepDecoder;
  if (!s2s || !dec || !beamWidth || beamWidth < 2) return extra;
  const beams: Record<number, number[]> = {};
  for (const i of shown) {
    const start = tf.tidy(() => batchTensors(ds, ds.val, [i]).x);
    const best = beamSearch(dec, dec.start(start), { beamWidth, maxLength: s2s.targetSteps, startId: s2s.startId, endId: s2s.endId })[0];
    start.dispose();
    beams[i] = best?.tokens ?? [];
  }
  return { ...extra, beams };
}
