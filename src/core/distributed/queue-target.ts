/**
 * Where the sweep queue lives: `--queue redis://[user:password@]HOST:PORT[/DB]` (or `rediss://` for
 * TLS). Parsed here once so every message can name the host and port it is about.
 */

export interface QueueTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** "HOST:PORT" (with "/DB" when not 0), never the password: safe to print. */
  display: string;
}

/** The BullMQ queue every `seqlab sweep --queue` and `seqlab worker` use unless told otherwise. */
export const DEFAULT_QUEUE_NAME = 'seqlab-sweeps';

export type ParseTargetResult = { ok: true; target: QueueTarget } | { ok: false; message: string };

const EXAMPLE = 'e.g. --queue redis://127.0.0.1:6379';

export function parseQueueTarget(text: string): ParseTargetResult {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `redis://${text}`);
  } catch {
    return { ok: false, message: `'${text}' is not a Redis URL (${EXAMPLE})` };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return { ok: false, message: `'${text}' is not a Redis URL: it starts with ${url.protocol}// instead of redis:// (${EXAMPLE})` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return { ok: false, message: `'${text}' names no host (${EXAMPLE})` };
  const port = url.port ? Number(url.port) : 6379;
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) return { ok: false, message: `'${dbText}' in '${text}' is not a Redis database number` };
  const display = `${url.hostname}:${port}${db ? `/${db}` : ''}`;
  return {
    ok: true,
    target: {
      host,
      port,
      db,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      tls: url.protocol === 'rediss:',
      display,
    },
  };
}

/** Queue names become Redis key prefixes: keep them to a safe alphabet. */
export function checkQueueName(name: string): string | undefined {
  return /^[A-Za-z0-9._-]{1,64}$/.test(name) ? undefined : `queue name '${name}' may only use letters, digits, '.', '_' and '-' (1-64 characters)`;
}
