// The distributed sweep end to end on a real redis-server (test/harness/redis.ts): two `seqlab worker`
// processes, a submitter, and the failures the design must survive — a worker SIGKILLed in the middle
// of a point, the submitter SIGKILLed and started again, every Redis client connection dropped — then
// every point completed exactly once (markers, run tags, the submitter's table) and nothing left running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listMarkers, parseQueueTarget, probeRedis } from '../../../src/core/distributed';
import { isPidAlive, readRun, runsDirOf } from '../../../src/core/runs';
import { ensureRedisServer, freePort, startRedis } from '../../harness/redis';
import { bundleCli } from './bundle';

const REPO = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(REPO, 'test/fixtures/distributed/tiny-sweep.seqlab.yaml');
const POINTS = 4;
const T0 = Date.now();
const found = ensureRedisServer();
const skip = 'skip' in found ? found.skip : false;

type Line = Record<string, unknown> & { type: string };
interface Proc {
  name: string;
  child: ChildProcess;
  lines: Line[];
  stderr: string[];
  exited: Promise<number | null>;
  waitFor(pred: (l: Line) => boolean, what: string, ms?: number): Promise<Line>;
}

/** `seqlab ARGS` from a bundle of the current sources, its stdout parsed into JSON lines. */
function cli(bundle: string, name: string, args: string[]): Proc {
  const child = spawn(process.execPath, [bundle, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Line[] = [];
  const stderr: string[] = [];
  const waiters: Array<() => void> = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        lines.push(JSON.parse(text) as Line);
      } catch {
        lines.push({ type: 'text', text });
      }
      // SEQLAB_QUEUE_TEST_LOG=1 shows the conversation with timestamps (for a failure in CI).
      if (process.env.SEQLAB_QUEUE_TEST_LOG) process.stderr.write(`[${((Date.now() - T0) / 1000).toFixed(1)}s ${name}] ${text}\n`);
      for (const w of waiters.splice(0)) w();
    }
  });
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const waitFor = (pred: (l: Line) => boolean, what: string, ms = 60_000): Promise<Line> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no ${what} within ${ms} ms\nstdout: ${JSON.stringify(lines)}\nstderr: ${stderr.join('')}`)), ms);
      const check = (): void => {
        const hit = lines.find(pred);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${child.exitCode}) before ${what}\nstdout: ${JSON.stringify(lines)}\nstderr: ${stderr.join('')}`));
        } else waiters.push(check);
      };
      void exited.then(() => waiters.push(() => undefined)).then(check);
      check();
    });
  return { name, child, lines, stderr, exited, waitFor };
}

async function waitUntil(cond: () => boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('redis checks: the eviction policy is checked, an unreachable server is one clear line', { skip, timeout: 60_000 }, async () => {
  const redis = await startRedis((found as { bin: string }).bin);
  try {
    const t = parseQueueTarget(redis.url);
    assert.ok(t.ok);
    const good = await probeRedis(t.target, 'probe-test');
    assert.ok(good.ok && good.probe.policy === 'noeviction' && !good.probe.warning);
    await redis.command(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru']);
    const lru = await probeRedis(t.target, 'probe-test');
    assert.ok(lru.ok);
    assert.match(lru.probe.warning ?? '', /allkeys-lru.*noeviction/);
  } finally {
    await redis.stop();
  }
  const closed = parseQueueTarget(`redis://127.0.0.1:${await freePort()}`);
  assert.ok(closed.ok);
  const down = await probeRedis(closed.target, 'probe-test', 2000);
  assert.ok(!down.ok);
  assert.match(down.message, new RegExp(`127\\.0\\.0\\.1:${closed.target.port}: connection refused`));
  assert.ok(!down.message.includes('\n') && !/\bat .*\.js:\d+/.test(down.message), 'one line, no stack trace');
});

test('a sweep on two workers survives a SIGKILLed worker, a restarted submitter and dropped connections: every point exactly once', { skip, timeout: 240_000 }, async () => {
  const [redis, bundle] = await Promise.all([startRedis((found as { bin: string }).bin), bundleCli()]);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-queue-'));
  const procs: Proc[] = [];
  const start = (name: string, args: string[]): Proc => {
    const p = cli(bundle.cli, name, args);
    procs.push(p);
    return p;
  };
  const workerArgs = ['worker', '--queue', redis.url, '--runs-dir', root, '--json', '--lock-ms', '2000', '--stalled-ms', '1000'];
  const sweepArgs = ['sweep', FIXTURE, '--queue', redis.url, '--runs-dir', root, '--json', '--poll-ms', '500'];
  try {
    const w1 = start('worker 1', workerArgs);
    const w2 = start('worker 2', workerArgs);
    await Promise.all([w1.waitFor((l) => l.type === 'worker-ready', 'ready line'), w2.waitFor((l) => l.type === 'worker-ready', 'ready line')]);
    const s1 = start('submitter 1', sweepArgs);

    // SIGKILL the worker that starts training first, in the middle of its point.
    const first = await Promise.race([w1, w2].map((w) => w.waitFor((l) => l.type === 'point-train', 'training').then((l) => ({ w, l }))));
    const victim = first.w;
    const survivor = victim === w1 ? w2 : w1;
    const orphanPid = first.l.pid as number;
    const killedRunDir = first.l.runDir as string;
    victim.child.kill('SIGKILL');

    // The submitter dies too, after its first result; then every client connection is dropped.
    await s1.waitFor((l) => l.type === 'sweep-point', 'first result', 120_000);
    s1.child.kill('SIGKILL');
    await s1.exited;
    assert.match(await redis.command(['CLIENT', 'KILL', 'TYPE', 'normal']), /^:\d+/);

    // A new submitter (the same command) picks everything up.
    const s2 = start('submitter 2', sweepArgs);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([s2.exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 180_000)))]);
    clearTimeout(timer);
    assert.equal(code, 0, `submitter 2 exit ${code}\n${JSON.stringify(s2.lines)}\n${s2.stderr.join('')}`);

    // The submitter's table: each point once, completed.
    const results = s2.lines.filter((l) => l.type === 'sweep-point');
    assert.deepEqual(results.map((l) => l.index).sort(), [1, 2, 3, 4]);
    assert.ok(results.every((l) => l.status === 'completed'), JSON.stringify(results));
    assert.ok(results.some((l) => l.reused === true), 'the result submitter 1 saw was already done');
    const end = s2.lines.find((l) => l.type === 'sweep-end');
    assert.equal(end?.failed, 0);

    // Exactly once on disk: one marker per point, pointing at the one tagged run of that point.
    const markers = listMarkers(root);
    assert.equal(markers.length, POINTS);
    assert.deepEqual(markers.map((m) => m.hash).sort(), results.map((l) => l.hash).sort());
    const runs = fs.readdirSync(runsDirOf(root)).map((id) => readRun(path.join(runsDirOf(root), id)));
    for (const m of markers) {
      const tagged = runs.filter((r) => r.meta.sweep?.point === m.hash);
      assert.equal(tagged.length, 1, `point ${m.hash} has ${tagged.length} tagged runs`);
      assert.equal(tagged[0]?.runId, m.runId);
      assert.equal(tagged[0]?.meta.status, 'completed');
      assert.equal(results.find((l) => l.hash === m.hash)?.runId, m.runId, 'the submitter reports the run that counts');
    }
    for (const r of runs.filter((x) => x.meta.duplicateOf)) assert.equal(r.meta.sweep, undefined);

    // The killed worker's child noticed, marked its run stopped and exited.
    await waitUntil(() => !isPidAlive(orphanPid), `the killed worker's training child (pid ${orphanPid}) to exit`, 30_000);
    const killed = readRun(killedRunDir);
    assert.equal(killed.meta.status, 'stopped');
    assert.equal(killed.meta.sweep, undefined, 'the interrupted run does not count');

    // Stop the survivor; nothing may be left running.
    survivor.child.kill('SIGTERM');
    assert.equal(await survivor.exited, 0);
    const childPids = procs.flatMap((p) => p.lines.filter((l) => l.type === 'point-train').map((l) => l.pid as number));
    await waitUntil(() => childPids.every((pid) => !isPidAlive(pid)), 'every training child to exit', 15_000);
    for (const p of procs) assert.notEqual(p.child.exitCode ?? p.child.signalCode, null, `${p.name} still running`);
  } finally {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await redis.stop();
    bundle.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
