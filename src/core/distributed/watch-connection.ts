/**
 * One line when the connection to Redis drops and one when it is back, instead of ioredis' error
 * per retry. BullMQ objects re-emit their clients' errors as 'error'; the ioredis client says
 * 'ready' after every (re)connect.
 */
import type { QueueTarget } from './queue-target';
import { describeRedisError } from './connection';

interface Emitter {
  on(event: 'error', listener: (err: Error) => void): unknown;
}
interface ClientLike {
  on(event: 'ready', listener: () => void): unknown;
}

export function watchConnection(name: string, obj: Emitter, client: Promise<ClientLike>, t: QueueTarget, log: (line: string) => void): void {
  let down = false;
  let lastOther = '';
  obj.on('error', (err: Error) => {
    const code = (err as { code?: string }).code ?? '';
    const connectionError = /^E[A-Z]+$/.test(code) || /Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/.test(err.message);
    if (connectionError) {
      if (!down) log(`${name}: lost the connection — ${describeRedisError(t, err)} Reconnecting (nothing queued is lost)…`);
      down = true;
      return;
    }
    // Other errors (a script error, a refused command) once each, as one line.
    let line = (err.message || String(err)).split('\n')[0] ?? '';
    const job = /Missing (?:key|lock) for job (\S+?)\.? /.exec(`${line} `)?.[1];
    // The job is gone or no longer ours (Redis restarted empty, or the lock expired and another
    // worker has it): nothing is lost, the marker keeps a finished point's result.
    if (job) line = `job ${job} is no longer ours in Redis (${line}); the submitter re-queues lost jobs and the point's marker keeps its result`;
    if (line !== lastOther) log(`${name}: queue error: ${line}`);
    lastOther = line;
  });
  client.then(
    (c) =>
      c.on('ready', () => {
        if (down) log(`${name}: reconnected to Redis at ${t.display}`);
        down = false;
      }),
    () => undefined,
  );
}
