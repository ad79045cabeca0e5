/**
 * `seqlab generate RUN [--prompt TEXT] [--length N] [--temperature T] [--top-k K] [--seed S]
 * [--out FILE.mid] [--runs-dir DIR] [--json]`: continues a prompt with a finished text (char or word)
 * or midi run's best model. Text goes to stdout; a midi run writes a .mid (path printed). Prompt
 * tokens the vocabulary lacks are read as <unk>, with a warning on stderr. Exit 2 for usage problems
 * (unknown run, wrong kind, no model yet), 1 when the run's files are broken.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initBackend } from '../../core/backend';
import { generate, GenerateError, loadRunForGeneration, resultMidi, type GenerateResult } from '../../core/generate';
import { findRootFromDir, resolveRun } from '../../core/runs';
import { rel } from '../format/header';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';

const OPTIONS = {
  prompt: { type: 'string' },
  length: { type: 'string', default: '' },
  temperature: { type: 'string', default: '1' },
  'top-k': { type: 'string' },
  seed: { type: 'string', default: '1' },
  out: { type: 'string' },
  'runs-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE =
  'seqlab generate RUN [--prompt TEXT] [--length N] [--temperature T] [--top-k K] [--seed S] [--out FILE.mid] [--json]\n' +
  '  RUN: a run folder, a run id (or a unique part of one) or `latest`, of a text or midi experiment.\n' +
  '  --prompt: text to continue (midi: note tokens like "E4:4 D4:4", or a .mid file); default: the run\'s validation prompt.\n' +
  '  --length: tokens to generate (default 200 characters, 40 words, 48 notes); --temperature 0 is greedy;\n' +
  '  --top-k K samples among the K likeliest; --seed S makes it repeatable; --out: where a midi run writes its .mid.\n';

/** Default lengths: a paragraph of characters, a few sentences of words, a few phrases of notes. */
const DEFAULT_LENGTH = { char: 200, word: 40, notes: 48 } as const;

function number(name: string, text: string, integer: boolean): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) throw new UsageError(`--${name} takes a ${integer ? 'whole ' : ''}number (got '${text}')`);
  return v;
}

export async function generateCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('give one run (a run folder, a run id or `latest`)');
  const temperature = number('temperature', values.temperature, false);
  const seed = number('seed', values.seed, true);
  const topK = values['top-k'] !== undefined ? number('top-k', values['top-k'], true) : undefined;
  const root = values['runs-dir'] ? path.resolve(io.cwd, values['runs-dir']) : findRootFromDir(io.cwd);
  const run = resolveRun(positionals[0] as string, root, io.cwd);
  if (!run.ok) {
    io.stderr(`seqlab generate: ${run.message}\n`);
    return EXIT_USAGE;
  }
  await initBackend('cpu');
  let loaded;
  try {
    loaded = loadRunForGeneration(run.runDir);
  } catch (err) {
    if (!(err instanceof GenerateError)) throw err;
    io.stderr(`seqlab generate: ${err.message}\n`);
    return err.kind === 'usage' ? EXIT_USAGE : EXIT_FAILED;
  }
  try {
    const unit = loaded.vocab.kind === 'midi' ? 'notes' : loaded.vocab.tokens;
    const length = values.length === '' ? DEFAULT_LENGTH[unit] : number('length', values.length, true);
    let prompt = values.prompt;
    if (prompt !== undefined && loaded.vocab.kind === 'midi' && /\.midi?$/i.test(prompt.trim())) prompt = path.resolve(io.cwd, prompt.trim());
    const r = generate(loaded, { ...(prompt !== undefined ? { prompt } : {}), length, temperature, ...(topK !== undefined ? { topK } : {}), seed });
    if (r.unknown.length > 0) {
      const unit = loaded.vocab.kind === 'midi' ? 'note token' : loaded.vocab.tokens === 'word' ? 'word' : 'character';
      const what = r.unknown.length === 1 ? `${unit} is` : `${unit}s are`;
      io.stderr(`seqlab generate: warning: ${r.unknown.length} prompt ${what} not in the run's vocabulary, read as <unk>: ${r.unknown.slice(0, 12).map((t) => JSON.stringify(t)).join(', ')}${r.unknown.length > 12 ? ', …' : ''}\n`);
    }
    let file: string | undefined;
    if (r.kind === 'midi') {
      file = path.resolve(io.cwd, values.out ?? `${run.runId}-generated-seed${seed}.mid`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, resultMidi(loaded, r));
    }
    if (values.json) {
      io.stdout(`${JSON.stringify({ run: run.runId, ...summary(r), temperature, ...(topK !== undefined ? { topK } : {}), seed, weights: loaded.weights, ...(file ? { file } : {}) })}\n`);
    } else {
      io.stdout(human(r, run.runId, loaded.weights, file ? rel(file, io.cwd) : undefined));
    }
    return EXIT_OK;
  } catch (err) {
    if (!(err instanceof GenerateError)) throw err;
    io.stderr(`seqlab generate: ${err.message}\n`);
    return EXIT_USAGE;
  } finally {
    loaded.model.dispose();
  }
}

function summary(r: GenerateResult): Record<string, unknown> {
  return {
    kind: r.kind,
    prompt: r.promptText,
    defaultPrompt: r.defaultPrompt,
    unknown: r.unknown,
    continuation: r.continuation,
    tokens: r.tokens,
    ...(r.notes ? { notes: r.notes, seedNotes: r.seedNotes } : {}),
  };
}

function human(r: GenerateResult, runId: string, w: { source: string; epoch: number }, file: string | undefined): string {
  const head = `run ${runId} (${w.source} weights, epoch ${w.epoch})${r.defaultPrompt ? ', prompt: the run\'s validation prompt' : ''}\n`;
  if (r.kind === 'midi') {
    return `${head}prompt:    ${r.promptText}\ngenerated: ${r.continuation}\nwrote ${file} (${r.notes?.length ?? 0} notes, the first ${r.seedNotes ?? 0} from the prompt)\n`;
  }
  return `${head}prompt: ${JSON.stringify(r.promptText)}\n\n${r.promptText}${r.continuation}\n`;
}
