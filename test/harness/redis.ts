/**
 * A real redis-server for the distributed-sweep tests: on a free loopback port, no persistence
 * (--save '' --appendonly no), its files in a temp dir, stopped by its PID (never by name).
 *
 * `ensureRedisServer()` finds the binary; when it is missing and we are root it installs the Debian
 * package with apt-get (a fresh CI machine); otherwise it returns the sentence a skipped test prints.
 * From a shell: `node --import tsx test/harness/redis.ts` installs (when root) and prints what it found.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const INSTALL_HINT = 'redis-server is not installed: run `sudo apt-get install -y redis-server` (Debian/Ubuntu) and rerun';

function onPath(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin', '/usr/sbin']) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function ensureRedisServer(): { bin: string } | { skip: string } {
  const found = onPath('redis-server');
  if (found) return { bin: found };
  const root = process.getuid?.() === 0;
  if (!root || !onPath('apt-get')) return { skip: INSTALL_HINT };
  // Several test files may ask at once (node --test runs files in parallel on larger machines):
  // one installs, the others wait for it instead of failing on apt's lock.
  const lock = path.join(os.tmpdir(), 'seqlab-redis-install.lock');
  let fd: number | undefined;
  try {
    fd = fs.openSync(lock, 'wx');
  } catch {
    for (let waited = 0; waited < 600 && fs.existsSync(lock); waited++) sleepSync(500);
    const other = onPath('redis-server');
    return other ? { bin: other } : { skip: `${INSTALL_HINT} (another test process tried to install it and did not succeed)` };
  }
  try {
    process.stderr.write('redis-server missing: installing the Debian package (apt-get, as root)…\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio: ['ignore', 'ignore', 'inherit'], env }) : update;
    const after = onPath('redis-server');
    if (after) return { bin: after };
    return { skip: `${INSTALL_HINT} (apt-get install failed with exit code ${install.status})` };
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface RedisServer {
  port: number;
  pid: number;
  url: string;
  dir: string;
  child: ChildProcess;
  /** Runs a command through a plain socket (RESP), e.g. ['CLIENT', 'KILL', 'TYPE', 'normal']. */
  command(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** `port`: a given one (to restart a server where clients expect it), else a free one. */
export async function startRedis(bin: string, extraArgs: string[] = [], port?: number): Promise<RedisServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-redis-'));
  port ??= await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction', '--daemonize', 'no', ...extraArgs];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => void (log = (log + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => void (log = (log + d.toString()).slice(-4000)));
  const at = port;
  const command = (cmd: string[]): Promise<string> => resp(at, cmd);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await command(['PING'])).startsWith('+PONG')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer PING on port ${at} within 10 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = child.pid as number;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { port: at, pid, url: `redis://127.0.0.1:${at}`, dir, child, command, stop };
}

/** One RESP request/response over a fresh socket (enough for PING, CONFIG SET, CLIENT KILL). */
function resp(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    sock.setTimeout(2000, () => sock.destroy(new Error('timeout')));
    sock.on('connect', () => sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
    sock.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.endsWith('\r\n')) sock.end();
    });
    sock.on('close', () => resolve(out));
    sock.on('error', reject);
  });
}

if (require.main === module) {
  const r = ensureRedisServer();
  if ('bin' in r) console.log(`redis-server: ${r.bin}`);
  else {
    console.error(r.skip);
    process.exitCode = 1;
  }
}
