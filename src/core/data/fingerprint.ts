/** Content hash of a dataset (its config and the actual values), recorded in meta.json. */
import { createHash } from 'node:crypto';

export function fingerprint(config: unknown, ...arrays: ArrayBufferView[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(config));
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return `sha256:${h.digest('hex').slice(0, 16)}`;
}
