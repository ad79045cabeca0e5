/**
 * Writes a seq2seq export to disk: `<out>/encoder/`, `<out>/decoder/` (model.json + weights.bin each,
 * loadable by `tf.loadLayersModel`) and `<out>/vocab.json` (special ids, tokens and the names of the
 * models' inputs and outputs in order). Every file goes through a temp file + rename, and vocab.json
 * is written last, so its presence means the export is complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelSpec, NamedArray } from '../types';
import { seq2seqLayout } from './layout';
import { seq2seqLayersExport, type LayersModelFiles } from './export';

export interface Seq2seqVocabSource {
  vocab: string[];
  padId: number;
  startId: number;
  endId: number;
  targetSteps: number;
  join: string;
}

export interface Seq2seqExportFiles {
  encoderJson: string;
  encoderBin: string;
  decoderJson: string;
  decoderBin: string;
  vocabJson: string;
  all: string[];
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function writeModel(dir: string, files: LayersModelFiles): { json: string; bin: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'model.json');
  const bin = path.join(dir, 'weights.bin');
  writeAtomic(bin, new Uint8Array(files.weightData));
  writeAtomic(json, JSON.stringify(files.json, null, 1));
  return { json, bin };
}

export function exportSeq2seqRun(spec: ModelSpec, data: Seq2seqVocabSource, weights: NamedArray[], outDir: string): Seq2seqExportFiles {
  const layout = seq2seqLayout(spec);
  const ex = seq2seqLayersExport(spec, layout, weights);
  const enc = writeModel(path.join(outDir, 'encoder'), ex.encoder);
  const dec = writeModel(path.join(outDir, 'decoder'), ex.decoder);
  const unk = data.vocab.indexOf('<unk>');
  const vocab = {
    padId: data.padId,
    startId: data.startId,
    endId: data.endId,
    unkId: unk >= 0 ? unk : null,
    join: data.join,
    targetSteps: data.targetSteps,
    attention: layout.attention,
    cell: layout.cell.kerasClass,
    encoder: { input: 'source_ids', outputs: ex.io.encoderOutputs },
    decoder: { inputs: ex.io.decoderInputs, outputs: ex.io.decoderOutputs },
    tokens: data.vocab,
  };
  const vocabJson = path.join(outDir, 'vocab.json');
  writeAtomic(vocabJson, JSON.stringify(vocab, null, 1));
  return { encoderJson: enc.json, encoderBin: enc.bin, decoderJson: dec.json, decoderBin: dec.bin, vocabJson, all: [enc.json, enc.bin, dec.json, dec.bin, vocabJson] };
}
