// `seqlab generate`: a finished run's best model continues a prompt. Seeded sampling repeats,
// temperature 0 (or → 0) and top-k 1 are greedy decoding, the vocabulary comes from artifacts/ or is
// rebuilt from the data, and the errors are clear: unknown run, wrong kind, no model, unknown words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { initBackend } from '../../../src/core/backend';
import { argmax } from '../../../src/core/data/text';
import { readMelody } from '../../../src/core/data/midi';
import { generate, loadRunForGeneration, type LoadedRun } from '../../../src/core/generate';
import { runExperiment } from '../../../src/core/run-experiment';
import { nextTokenLogits } from '../../../src/core/train/next-token';
import { captureIO } from '../cli/engine-fixtures';

const DATA = path.resolve(__dirname, '../../../data');
let dir = '';
let textRun = '';
let wordRun = '';

async function trainYaml(name: string, yaml: string): Promise<string> {
  const file = path.join(dir, `${name}.seqlab.yaml`);
  fs.writeFileSync(file, yaml);
  const r = await runExperiment({ configPath: file, backend: 'cpu' });
  assert.equal(r.status, 'completed', JSON.stringify(r.error));
  return r.runDir as string;
}

before(async () => {
  await initBackend('cpu');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-generate-'));
  fs.mkdirSync(path.join(dir, '.seqlab'));
  fs.writeFileSync(path.join(dir, 'corpus.txt'), fs.readFileSync(path.join(DATA, 'devils-dictionary-a.txt'), 'utf8').slice(0, 6000));
  const common = 'model: {type: gru, layers: [{units: 12}]}\ntraining: {epochs: 1, batchSize: 32}\nsamples: {count: 1}\n';
  textRun = await trainYaml('chars', `data: {kind: text, path: corpus.txt, tokens: char, window: 16}\n${common}`);
  wordRun = await trainYaml('words', `data: {kind: text, path: corpus.txt, tokens: word, vocabSize: 120, window: 8}\n${common}`);
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function withRun<T>(runDir: string, f: (run: LoadedRun) => T): T {
  const run = loadRunForGeneration(runDir);
  try {
    return f(run);
  } finally {
    run.model.dispose();
  }
}

/** Greedy decoding written out by hand: the argmax of the model's last step, fed back in. */
function greedy(run: LoadedRun, prompt: string, n: number): string[] {
  const index = new Map(run.vocab.vocab.map((t, i) => [t, i]));
  let ctx = Array.from(prompt, (ch) => index.get(ch) ?? 0);
  const next = nextTokenLogits(run.model);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = argmax(next([Int32Array.from(ctx.slice(-run.vocab.window))])[0] as Float32Array);
    out.push(run.vocab.vocab[id] as string);
    ctx = [...ctx, id];
  }
  return out;
}

test('the same seed gives the same continuation; another seed another one', () => {
  withRun(textRun, (run) => {
    const a = generate(run, { prompt: 'ABSENT, adj. ', length: 60, temperature: 1, seed: 11 });
    const b = generate(run, { prompt: 'ABSENT, adj. ', length: 60, temperature: 1, seed: 11 });
    const c = generate(run, { prompt: 'ABSENT, adj. ', length: 60, temperature: 1, seed: 12 });
    assert.equal(a.tokens.length, 60);
    assert.deepEqual(a.tokens, b.tokens);
    assert.notDeepEqual(a.tokens, c.tokens);
    assert.equal(a.promptText, 'ABSENT, adj. ');
    assert.equal(a.continuation, a.tokens.join(''));
  });
});

test('temperature 0, temperature → 0 and top-k 1 are all greedy decoding', () => {
  withRun(textRun, (run) => {
    const prompt = 'ACCUSE, v.t.  To';
    const ref = greedy(run, prompt, 40);
    assert.deepEqual(generate(run, { prompt, length: 40, temperature: 0, seed: 1 }).tokens, ref);
    assert.deepEqual(generate(run, { prompt, length: 40, temperature: 1e-6, seed: 2 }).tokens, ref);
    assert.deepEqual(generate(run, { prompt, length: 40, temperature: 1, topK: 1, seed: 3 }).tokens, ref);
    assert.notDeepEqual(generate(run, { prompt, length: 40, temperature: 2, seed: 3 }).tokens, ref, 'sampling at T=2 departs from greedy');
  });
});

test('the vocabulary is read from artifacts/vocab.json, and rebuilt from the data when a run lacks it', () => {
  const a = withRun(wordRun, (run) => {
    assert.equal(run.vocabSource, 'artifacts');
    assert.equal(run.config.model.embedding?.dim, 64, 'word-level text gets an embedding by default');
    return generate(run, { prompt: 'the devil', length: 10, temperature: 0.8, seed: 5 });
  });
  const copy = path.join(dir, 'copy-of-word-run');
  fs.cpSync(wordRun, copy, { recursive: true });
  fs.rmSync(path.join(copy, 'artifacts', 'vocab.json'));
  const b = withRun(copy, (run) => {
    assert.equal(run.vocabSource, 'data');
    return generate(run, { prompt: 'the devil', length: 10, temperature: 0.8, seed: 5 });
  });
  assert.deepEqual(b.tokens, a.tokens);
  assert.match(a.promptText, /^the \S+$/);
});

test('CLI: text to stdout; words outside the vocabulary are <unk> with a warning', async () => {
  const io = captureIO(dir);
  assert.equal(await main(['generate', wordRun, '--prompt', 'The zyzzyva of Xanadu', '--length', '5', '--seed', '3'], io), 0, io.err());
  assert.match(io.err(), /warning: 2 prompt words are not in the run's vocabulary, read as <unk>: "zyzzyva", "xanadu"/);
  assert.match(io.out(), /prompt: "the <unk> of <unk>"/);
  const json = captureIO(dir);
  assert.equal(await main(['generate', 'latest', '--runs-dir', dir, '--length', '7', '--temperature', '0', '--json'], json), 0, json.err());
  const r = JSON.parse(json.out()) as { kind: string; defaultPrompt: boolean; tokens: string[] };
  assert.equal(r.kind, 'text');
  assert.equal(r.defaultPrompt, true);
  assert.equal(r.tokens.length, 7);
});

test('CLI errors: unknown run, a run of another kind, a run with no model yet, bad numbers', async () => {
  const unknown = captureIO(dir);
  assert.equal(await main(['generate', 'no-such-run'], unknown), 2);
  assert.match(unknown.err(), /no run 'no-such-run'/);

  const sine = await trainYaml('sine', 'data: {kind: sine, length: 200, window: 8}\nmodel: {type: rnn, layers: [{units: 4}]}\ntraining: {epochs: 1}\n');
  const wrong = captureIO(dir);
  assert.equal(await main(['generate', sine], wrong), 2);
  assert.match(wrong.err(), /is a 'sine' run; seqlab generate continues language models: runs of data\.kind text \(characters or words\) or midi/);

  const empty = path.join(dir, 'no-model-run');
  fs.cpSync(textRun, empty, { recursive: true });
  fs.rmSync(path.join(empty, 'checkpoint'), { recursive: true });
  const noModel = captureIO(dir);
  assert.equal(await main(['generate', empty], noModel), 2);
  assert.match(noModel.err(), /has no trained model yet \(no checkpoint\/\)/);

  const bad = captureIO(dir);
  assert.equal(await main(['generate', textRun, '--temperature', 'hot'], bad), 2);
  assert.match(bad.err(), /--temperature takes a number \(got 'hot'\)/);
});

test('CLI on a midi run writes a .mid of the prompt and the new notes', async () => {
  const run = await trainYaml(
    'melody',
    `data: {kind: midi, path: ${JSON.stringify(path.join(DATA, 'melodies'))}, window: 6, split: {train: 0.75, val: 0.25}}\nmodel: {type: gru, layers: [{units: 8}], embedding: {dim: 4}}\ntraining: {epochs: 1, batchSize: 64}\nsamples: {count: 1}\n`,
  );
  const io = captureIO(dir);
  assert.equal(await main(['generate', run, '--prompt', 'C4:4 E4:4 G4:4', '--length', '10', '--out', 'new.mid', '--seed', '2'], io), 0, io.err());
  assert.match(io.out(), /wrote new\.mid \(\d+ notes, the first 3 from the prompt\)/);
  const melody = readMelody(path.join(dir, 'new.mid'), { grid: 16 });
  assert.deepEqual(melody.notes.slice(0, 3).map((n) => n.pitch), [60, 64, 67]);
  assert.ok(melody.notes.length > 3);
});
