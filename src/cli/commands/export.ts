/**
 * `seqlab export RUN --out DIR [--runs-dir DIR]`: writes the run's best model in the tfjs-layers
 * format (DIR/model.json + DIR/weights.bin), ready for `tf.loadLayersModel`. RUN is a run folder, a
 * run id (or a unique part of one) under the runs root found from the working directory, or `latest`.
 */
import * as path from 'node:path';
import { initBackend } from '../../core/backend';
import { findRootFromDir, resolveRun } from '../../core/runs';
import { exportRun, ExportError } from '../../core/train';
import { rel } from '../format/header';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';

const OPTIONS = {
  out: { type: 'string' },
  'runs-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab export RUN --out DIR [--runs-dir DIR]\n';

export async function exportCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('give one run (a run folder, a run id or `latest`)');
  if (!values.out) throw new UsageError('--out DIR is required (the folder to write model.json and weights.bin to)');
  const root = values['runs-dir'] ? path.resolve(io.cwd, values['runs-dir']) : findRootFromDir(io.cwd);
  const run = resolveRun(positionals[0] as string, root, io.cwd);
  if (!run.ok) {
    io.stderr(`seqlab export: ${run.message}\n`);
    return EXIT_USAGE;
  }
  const out = path.resolve(io.cwd, values.out);
  try {
    await initBackend('cpu');
    const r = exportRun(run.runDir, out);
    const from = r.source === 'model-folder' ? 'its model/ folder' : `${r.source === 'checkpoint-best' ? 'the best' : 'the last'} weights (epoch ${r.epoch})`;
    if (r.files) {
      // seq2seq: encoder/ and decoder/ (two tfjs-layers models, the decoder one step) plus vocab.json.
      io.stdout(`exported run ${run.runId} from ${from}:\n${r.files.map((f) => `  ${rel(f, io.cwd)}\n`).join('')}decode with the encoder once and the one-step decoder in a loop; vocab.json names the inputs, outputs and token ids (docs/seq2seq.md).\n`);
      return EXIT_OK;
    }
    io.stdout(`exported run ${run.runId} from ${from}:\n  ${rel(r.modelJson, io.cwd)}\n  ${rel(r.weightsBin, io.cwd)}\nload it with tf.loadLayersModel('file://…/model.json') (tfjs-node) or tf.io.fromMemory.\n`);
    return EXIT_OK;
  } catch (err) {
    if (!(err instanceof ExportError)) throw err;
    io.stderr(`seqlab export: ${err.message}\n`);
    return EXIT_FAILED;
  }
}
