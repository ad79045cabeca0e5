/**
 * Redis connections for the sweep queue. BullMQ (and ioredis under it) is loaded lazily, on the
 * first call here, so `seqlab train` and the rest of the CLI never pay for it.
 *
 * - `probeRedis` connects once with fail-fast options: an unreachable server is ONE clear line
 *   (host, port, what went wrong, what to do), never a stack trace; it also checks
 *   `maxmemory-policy` (BullMQ needs `noeviction`: an evicting Redis silently drops jobs and locks).
 * - `connectionOptions` are what the long-lived Queue / QueueEvents / Worker get: ioredis retries
 *   forever, so a dropped connection reconnects and nothing held in Redis is lost.
 */
import type { ConnectionOptions } from 'bullmq';
import type { QueueTarget } from './queue-target';

export type BullMQ = typeof import('bullmq');

let loaded: Promise<BullMQ> | undefined;
export function loadBullMQ(): Promise<BullMQ> {
  loaded ??= import('bullmq');
  return loaded;
}

export function connectionOptions(t: QueueTarget, extra: Record<string, unknown> = {}): ConnectionOptions {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    ...(t.username ? { username: t.username } : {}),
    ...(t.password ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
    // BullMQ's workers block on Redis: a request must wait for a reconnect rather than fail.
    maxRetriesPerRequest: null,
    // Reconnect every ≤ 2 s for as long as it takes (ioredis' default backoff, capped).
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
    ...extra,
  } as ConnectionOptions;
}

interface IoRedisCommands {
  info(section: string): Promise<string>;
  config(op: 'GET', key: string): Promise<unknown>;
}

export interface RedisProbe {
  version: string;
  /** `maxmemory-policy` as the server reports it ('' when neither CONFIG nor INFO told). */
  policy: string;
  /** A clear sentence when the policy is not `noeviction` (or could not be read). */
  warning?: string;
}

export type ProbeResult = { ok: true; probe: RedisProbe } | { ok: false; message: string };

/** Connects once (no retries, 5 s timeout), reads the version and the eviction policy, disconnects. */
export async function probeRedis(t: QueueTarget, queueName: string, timeoutMs = 5000): Promise<ProbeResult> {
  const { Queue } = await loadBullMQ();
  let firstError: Error | undefined;
  const queue = new Queue(queueName, {
    connection: connectionOptions(t, { maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: true }),
    skipVersionCheck: true,
  });
  queue.on('error', (err: Error) => void (firstError ??= err));
  try {
    // BullMQ's client is a proxy over ioredis: every ioredis command is there, typed or not.
    const client = (await withTimeout(queue.client, timeoutMs + 1000)) as unknown as IoRedisCommands;
    const info = String(await client.info('server')) + String(await client.info('memory'));
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? /valkey_version:(\S+)/.exec(info)?.[1] ?? '?';
    let policy = /maxmemory_policy:(\S+)/.exec(info)?.[1] ?? '';
    try {
      const reply = await client.config('GET', 'maxmemory-policy');
      if (Array.isArray(reply) && typeof reply[1] === 'string') policy = reply[1];
    } catch {
      // Managed Redis services often disable CONFIG; INFO memory said the same thing.
    }
    return { ok: true, probe: { version, policy, ...policyWarning(t, policy) } };
  } catch (err) {
    return { ok: false, message: describeRedisError(t, firstError ?? err) };
  } finally {
    await queue.close().catch(() => undefined);
    queue.disconnect().catch(() => undefined);
  }
}

function policyWarning(t: QueueTarget, policy: string): { warning?: string } {
  if (policy === 'noeviction') return {};
  const fix = `run \`redis-cli -h ${t.host} -p ${t.port} CONFIG SET maxmemory-policy noeviction\` and put \`maxmemory-policy noeviction\` in redis.conf`;
  if (!policy) return { warning: `could not read maxmemory-policy of Redis at ${t.display}; BullMQ needs noeviction (${fix})` };
  return { warning: `Redis at ${t.display} has maxmemory-policy ${policy}: under memory pressure it may evict queued points and their locks. BullMQ needs noeviction: ${fix}` };
}

/** One line for any connection failure: where, what, and what to do. */
export function describeRedisError(t: QueueTarget, err: unknown): string {
  const e = err as { code?: string; message?: string } | undefined;
  const code = e?.code ?? /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|NOAUTH|WRONGPASS)\b/.exec(e?.message ?? '')?.[1];
  const where = `Redis at ${t.display}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot reach ${where}: connection refused. Start redis-server there (or fix --queue), and check that it listens on that address (bind, protected-mode).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach ${where}: the host name '${t.host}' does not resolve. Check --queue.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `cannot reach ${where}: no answer (${code}). Check the address, the network and any firewall between this machine and port ${t.port}.`;
    case 'NOAUTH':
    case 'WRONGPASS':
      return `${where} refused the credentials (${code}): put the password in the URL, redis://:PASSWORD@${t.display}.`;
    default: {
      const msg = (e?.message ?? String(err)).split('\n')[0];
      return `cannot use ${where}: ${msg || 'the connection closed'}. Check --queue and that redis-server runs there.`;
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
