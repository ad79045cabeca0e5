/**
 * A finished text or midi run, ready to continue prompts: its resolved config, the model rebuilt
 * with the run's best weights (the last ones when no epoch had a finite valLoss) and the vocabulary
 * from `artifacts/vocab.json` — or, for runs recorded before that file existed, rebuilt from the
 * run's data exactly as training built it. Needs an initialised tfjs backend.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatConfigError, loadExperiment } from '../config';
import type { ExperimentConfig } from '../config/types';
import type { Dataset } from '../data';
import { readMidiCorpus } from '../data/midi/corpus';
import { parseVocabFile, readTextCorpus, VOCAB_FILE, type VocabFile } from '../data/text';
import { buildModel } from '../models';
import type { SeqModel } from '../models/types';
import { FILES, readCheckpoint } from '../runs';
import { modelSpecFor } from '../train/model-spec';

export class GenerateError extends Error {
  constructor(
    message: string,
    /** usage: the request cannot work for this run (exit 2); failed: the run or its files are broken (exit 1). */
    readonly kind: 'usage' | 'failed' = 'usage',
  ) {
    super(message);
    this.name = 'GenerateError';
  }
}

export interface LoadedRun {
  runDir: string;
  config: ExperimentConfig;
  model: SeqModel;
  vocab: VocabFile;
  /** Where the weights came from. */
  weights: { source: 'best' | 'last'; epoch: number };
  /** Where the vocabulary came from. */
  vocabSource: 'artifacts' | 'data';
}

export function loadRunForGeneration(runDir: string): LoadedRun {
  const id = path.basename(runDir);
  const configFile = path.join(runDir, FILES.config);
  if (!fs.existsSync(configFile)) throw new GenerateError(`run ${id} has no ${FILES.config}; it is not a complete run folder`, 'failed');
  const loaded = loadExperiment(configFile);
  if (!loaded.ok) throw new GenerateError(`the run's ${FILES.config} does not load:\n${loaded.errors.map((e) => formatConfigError(e)).join('\n')}`, 'failed');
  const config = loaded.config;
  const kind = config.data.kind;
  if (kind !== 'text' && kind !== 'midi') {
    throw new GenerateError(`run ${id} is a '${kind}' run; seqlab generate continues language models: runs of data.kind text (characters or words) or midi`);
  }
  const cp = readCheckpoint(runDir);
  if (!cp) throw new GenerateError(`run ${id} has no trained model yet (no ${FILES.checkpoint}/): let it finish at least one epoch, or resume it`);
  const vocabFromFile = readVocabArtifact(runDir);
  const vocab = vocabFromFile ?? vocabFromData(config, id);
  const V = vocab.vocab.length;
  // The model's shapes follow from the vocabulary alone (token input, one softmax over V per step).
  const shapes: Pick<Dataset, 'inputSize' | 'head' | 'tokenInput'> = { inputSize: V, head: { kind: 'sequence', outputSize: V }, tokenInput: { vocabSize: V } };
  const model = buildModel(modelSpecFor(config, shapes as Dataset));
  try {
    model.setWeights(cp.best ? cp.best.weights : cp.weights);
  } catch (err) {
    model.dispose();
    throw new GenerateError(`run ${id}: the checkpoint does not fit the model its config describes (${(err as Error).message})`, 'failed');
  }
  return {
    runDir,
    config,
    model,
    vocab,
    weights: cp.best ? { source: 'best', epoch: cp.best.epoch } : { source: 'last', epoch: cp.epoch },
    vocabSource: vocabFromFile ? 'artifacts' : 'data',
  };
}

function readVocabArtifact(runDir: string): VocabFile | undefined {
  const file = path.join(runDir, FILES.artifacts, VOCAB_FILE);
  if (!fs.existsSync(file)) return undefined;
  const v = parseVocabFile(fs.readFileSync(file, 'utf8'));
  if (!v) throw new GenerateError(`${file} is not a Sequence Lab vocabulary file (damaged?); delete it to rebuild the vocabulary from the run's data`, 'failed');
  return v;
}

/** Older runs: the vocabulary as the dataset built it (same file, same split, same cap). */
function vocabFromData(config: ExperimentConfig, id: string): VocabFile {
  const d = config.data;
  try {
    if (d.kind === 'midi') {
      const c = readMidiCorpus(d, '.');
      const first = c.pieces.find((p) => p.valEnd - p.trainEnd > d.window);
      return { formatVersion: 1, kind: 'midi', tokens: 'notes', vocab: c.vocab.tokens, window: d.window, prompt: first ? first.tokens.slice(first.trainEnd, first.trainEnd + d.window) : [], grid: c.midi.grid, bpm: c.bpm };
    }
    const c = readTextCorpus(d, '.');
    return { formatVersion: 1, kind: 'text', tokens: d.tokens, vocab: c.vocab.tokens, window: d.window, prompt: c.tokens.slice(c.trainEnd, c.trainEnd + d.window) };
  } catch (err) {
    throw new GenerateError(`run ${id} has no ${FILES.artifacts}/${VOCAB_FILE} and its data cannot be read to rebuild the vocabulary: ${(err as Error).message}`, 'failed');
  }
}
