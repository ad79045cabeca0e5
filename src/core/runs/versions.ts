/**
 * Versions recorded in meta.json. The bundles define process.env.SEQLAB_VERSION at build time;
 * when running from source (tests, tsx) the package.json above this file is read instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function sequenceLabVersion(): string {
  if (cached) return cached;
  cached = process.env.SEQLAB_VERSION ?? fromPackageJson() ?? 'dev';
  return cached;
}

function fromPackageJson(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sequence-lab' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // keep walking
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The tfjs version, when the backend's `detail` mentions one (e.g. "tfjs 4.22.0, SIMD on"). */
export function tfjsVersionFromDetail(detail: string | undefined): string | undefined {
  if (!detail) return undefined;
  const m = /tfjs[^0-9\n]{0,20}?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)/i.exec(detail);
  return m?.[1];
}
