// `seqlab train` in-process: human output, --json, exit codes 0/1/2, Ctrl-C → stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { trainCommand } from '../../../src/cli/commands/train';
import type { TrainEvent } from '../../../src/core/events';
import { captureIO, tempExperiment } from './engine-fixtures';

test('human output: header with backend and why, one line per epoch, summary with the run folder', async () => {
  const t = tempExperiment();
  try {
    const io = captureIO(t.dir);
    const code = await main(['train', 'tiny.seqlab.yaml', '--backend', 'cpu'], io);
    assert.equal(code, 0, io.err());
    const out = io.out();
    assert.match(out, /^Sequence Lab · tiny {2}\(tiny\.seqlab\.yaml\)\n/);
    assert.match(out, /\n {2}backend {3}cpu {2}\(requested\)\n/);
    assert.match(out, /\n {2}kernel {4}fused \(fused WebAssembly kernel \([^)]+\) on the cpu backend\)\n/);
    assert.match(out, /\n {2}model {5}rnn, 1 layer of 6 units, \d+ parameters\n/);
    assert.match(out, /\n {2}baseline {2}persistence \(predict the last value of the window\): valLoss [\d.]+/);
    assert.match(out, /\nepoch 1\/2 {2}loss [\d.]+ {2}valLoss [\d.]+ \([\d.]+× baseline\) {2}grad [\d.]+ {2}clipped \d+%/);
    assert.match(out, /\nepoch 2\/2 /);
    assert.match(out, /\ncompleted in [\d.]+ s: 2 epochs, \d+ steps\n/);
    const runLine = /\n {2}run {7}(\.seqlab\/runs\/[^\n]+)\n/.exec(out);
    assert.ok(runLine, out);
    assert.ok(fs.existsSync(path.join(t.dir, runLine[1] as string, 'meta.json')));
  } finally {
    t.cleanup();
  }
});

test('--json: one TrainEvent per line and nothing else on stdout; start first, end last', async () => {
  const t = tempExperiment();
  try {
    const io = captureIO(t.dir);
    const code = await main(['train', t.file, '--json', '--backend=cpu', '--set', 'training.epochs=1'], io);
    assert.equal(code, 0, io.err());
    const lines = io.out().trimEnd().split('\n');
    const events = lines.map((l) => JSON.parse(l) as TrainEvent);
    assert.equal(events[0]?.type, 'start');
    assert.equal(events.at(-1)?.type, 'end');
    assert.equal(events.filter((e) => e.type === 'start').length, 1);
    assert.equal(events.filter((e) => e.type === 'end').length, 1);
    assert.ok(events.some((e) => e.type === 'epoch'));
    assert.ok(events.some((e) => e.type === 'gradients'));
    const start = events[0] as Extract<TrainEvent, { type: 'start' }>;
    assert.equal(start.config.training.epochs, 1, '--set applied');
  } finally {
    t.cleanup();
  }
});

test('bad config: exit 2 with file:line errors on stderr and no run folder', async () => {
  const t = tempExperiment('extra:\n  nonsense: 1\n');
  try {
    const io = captureIO(t.dir);
    const code = await main(['train', 'tiny.seqlab.yaml', '--json'], io);
    assert.equal(code, 2);
    assert.equal(io.out(), '', 'nothing on stdout in --json mode');
    assert.match(io.err(), /tiny\.seqlab\.yaml:\d+:\d+: error: /);
    assert.deepEqual(fs.readdirSync(path.join(t.dir, '.seqlab')), []);
  } finally {
    t.cleanup();
  }
});

test('bad usage is exit 2: unknown backend, no file', async () => {
  const io = captureIO(process.cwd());
  assert.equal(await main(['train', 'x.yaml', '--backend', 'gpu'], io), 2);
  assert.match(io.err(), /--backend must be one of auto, tensorflow, wasm, cpu, not 'gpu'/);
  assert.equal(await main(['train'], io), 2);
});

test('--kernel tfjs and --kernel fused pick the path, recorded in meta.json', async () => {
  const t = tempExperiment();
  try {
    for (const k of ['tfjs', 'fused']) {
      const io = captureIO(t.dir);
      assert.equal(await main(['train', 'tiny.seqlab.yaml', '--json', '--kernel', k, '--backend', 'cpu', '--set', 'training.epochs=1'], io), 0, io.err());
      const start = JSON.parse(io.out().split('\n')[0] as string) as Extract<TrainEvent, { type: 'start' }>;
      assert.equal(start.kernel.name, k);
      assert.equal(start.kernel.requested, k);
      const meta = JSON.parse(fs.readFileSync(path.join(start.runDir, 'meta.json'), 'utf8')) as { kernel: { name: string } };
      assert.equal(meta.kernel.name, k);
    }
  } finally {
    t.cleanup();
  }
});

test('an expect that does not hold: exit 1 and FAIL in the summary', async () => {
  const t = tempExperiment('expect:\n  valLoss: {below: 0.000001}\n');
  try {
    const io = captureIO(t.dir);
    assert.equal(await main(['train', 'tiny.seqlab.yaml', '--backend', 'cpu'], io), 1);
    assert.match(io.out(), /\n {2}expect {4}FAIL {2}valLoss below 0\.000001: [\d.]+\n/);
  } finally {
    t.cleanup();
  }
});

test('data errors: a failed run with a readable error and a valid run folder (exit 1)', async () => {
  // The config checks catch impossible settings before a run exists; a bad cell inside a CSV file
  // can only be found by reading the data, so it fails the run.
  const t = tempExperiment();
  try {
    const rows = Array.from({ length: 300 }, (_, i) => (i === 48 ? 'oops' : String(Math.sin(i / 5))));
    fs.writeFileSync(path.join(t.dir, 'bad.csv'), `value\n${rows.join('\n')}\n`);
    const io = captureIO(t.dir);
    const args = ['train', 'tiny.seqlab.yaml', '--backend', 'cpu', '--set', 'data.kind=csv', '--set', 'data.path=bad.csv', '--set', 'data.column=value'];
    assert.equal(await main(args, io), 1, io.err());
    assert.match(io.out(), /\nfailed in [\d.]+ s: 0 epochs, 0 steps\n {2}error {5}.*bad\.csv.*line 50.*oops/);
    assert.match(io.out(), /\n {2}hint {6}\S/);
    const runs = fs.readdirSync(path.join(t.dir, '.seqlab', 'runs')).filter((n) => !n.startsWith('.'));
    assert.equal(runs.length, 1);
    const meta = JSON.parse(fs.readFileSync(path.join(t.dir, '.seqlab', 'runs', runs[0] as string, 'meta.json'), 'utf8')) as { status: string; error?: { key?: string; file?: string } };
    assert.equal(meta.status, 'failed');
    assert.match(meta.error?.key ?? '', /^data\./);
  } finally {
    t.cleanup();
  }
});

test('Ctrl-C stops the run cleanly as stopped (exit 1), within a batch', async () => {
  const t = tempExperiment();
  try {
    const signals = new EventEmitter();
    const io = captureIO(t.dir);
    let steps = 0;
    const stdout = io.stdout;
    io.stdout = (text) => {
      for (const line of text.split('\n')) {
        if (line.startsWith('{"type":"step"') && ++steps === 3) setImmediate(() => signals.emit('SIGINT'));
      }
      stdout(text);
    };
    const code = await trainCommand(['tiny.seqlab.yaml', '--json', '--backend', 'cpu', '--set', 'training.epochs=50'], io, {
      signals: signals as unknown as Pick<NodeJS.Process, 'on' | 'off'>,
    });
    assert.equal(code, 1);
    const events = io.out().trimEnd().split('\n').map((l) => JSON.parse(l) as TrainEvent);
    const end = events.at(-1);
    assert.ok(end?.type === 'end' && end.status === 'stopped');
    assert.ok(steps <= 4, `${steps} steps`);
    assert.match(io.err(), /stopping after this batch/);
    assert.equal(signals.listenerCount('SIGINT'), 0, 'handler removed');
    const runDir = (events[0] as Extract<TrainEvent, { type: 'start' }>).runDir;
    const meta = JSON.parse(fs.readFileSync(path.join(runDir, 'meta.json'), 'utf8')) as { status: string };
    assert.equal(meta.status, 'stopped');
  } finally {
    t.cleanup();
  }
});
