// The queue commands' front door, in-process: usage errors exit 2 with the reason, an unreachable
// Redis is exit 1 with one line (no stack trace), and a plain `seqlab sweep` never loads BullMQ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// The two commands directly, not src/cli/main (which loads every command, tfjs included: seconds).
import { workerCommand } from '../../../src/cli/commands/worker';
import { sweepCommand } from '../../../src/cli/commands/sweep';
import { UsageError, type CliIO } from '../../../src/cli/io';
import { freePort } from '../../harness/redis';

const FIXTURE = path.resolve(__dirname, '../../fixtures/distributed/tiny-sweep.seqlab.yaml');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: process.cwd(), isTTY: false, env: process.env };
  const [name, ...rest] = argv;
  const command = name === 'worker' ? workerCommand : sweepCommand;
  try {
    return { code: await command(rest, io), out, err };
  } catch (e) {
    // What src/cli/main does with a UsageError: the message on stderr, exit 2.
    if (e instanceof UsageError) return { code: 2, out, err: `${err}seqlab ${name}: ${e.message}\n` };
    throw e;
  }
}

// First: the later tests load BullMQ into this process.
test('BullMQ is loaded only by the queue commands', async () => {
  const loaded = (): boolean => Object.keys(require.cache).some((k) => k.includes(`${path.sep}bullmq${path.sep}`));
  assert.equal(loaded(), false, 'importing the CLI must not load bullmq');
  const help = await run(['sweep', '--help']);
  assert.equal(help.code, 0);
  assert.equal(loaded(), false, 'a plain sweep must not load bullmq');
});

test('seqlab worker: missing or malformed options are usage errors (exit 2) that say what to give', async () => {
  const noQueue = await run(['worker', '--runs-dir', '/tmp/x']);
  assert.equal(noQueue.code, 2);
  assert.match(noQueue.err, /--queue redis:\/\/HOST:PORT is required/);
  const badUrl = await run(['worker', '--queue', 'http://example:1', '--runs-dir', '/tmp/x']);
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.err, /not a Redis URL/);
  const noDir = await run(['worker', '--queue', 'redis://127.0.0.1:6379']);
  assert.equal(noDir.code, 2);
  assert.match(noDir.err, /--runs-dir DIR is required/);
  const file = path.join(os.tmpdir(), `seqlab-not-a-dir-${process.pid}`);
  fs.writeFileSync(file, '');
  try {
    const notDir = await run(['worker', '--queue', 'redis://127.0.0.1:6379', '--runs-dir', file]);
    assert.equal(notDir.code, 1);
    assert.match(notDir.err, /cannot write to the runs folder .* \(E[A-Z]+\)/);
  } finally {
    fs.rmSync(file, { force: true });
  }
  const badName = await run(['sweep', FIXTURE, '--queue', 'redis://127.0.0.1:6379', '--queue-name', 'a b']);
  assert.equal(badName.code, 2);
  assert.match(badName.err, /queue name/);
});

test('an unreachable Redis is one line naming host and port, exit 1, for the worker and the submitter', async () => {
  const port = await freePort();
  for (const argv of [
    ['worker', '--queue', `redis://127.0.0.1:${port}`, '--runs-dir', '/tmp/x'],
    ['sweep', FIXTURE, '--queue', `redis://127.0.0.1:${port}`],
  ]) {
    const r = await run(argv);
    assert.equal(r.code, 1, r.err);
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0] ?? '', new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}: connection refused`));
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});
