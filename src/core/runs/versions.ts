/**
 * Versions recorded in meta.json and checked when a run is read. The bundles define
 * process.env.SEQLAB_VERSION at build time; when running from source (tests, tsx) the package.json
 * above this file is read instead.
 *
 * Two numbers decide whether this Sequence Lab can use a run folder written by another one:
 * - meta.json `formatVersion` (RUN_FORMAT_VERSION): the layout of the folder;
 * - meta.json `versions.configSchema` (CONFIG_SCHEMA_VERSION): the experiment schema config.yaml was
 *   resolved with. Bump it when a key is renamed or removed or its meaning changes (new optional
 *   keys with defaults do not need it); runs that predate the field are schema 1.
 * A newer number than this build knows → "written by a newer Sequence Lab": the run is still listed
 * and read as far as possible, but resume and reproduce refuse it. Older numbers down to the oldest
 * supported still open (test/fixtures/runs/format-1 is kept and read by the tests).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUN_FORMAT_VERSION } from './format';

export const CONFIG_SCHEMA_VERSION = 1;
/** The oldest run folder format this build still opens. */
export const OLDEST_RUN_FORMAT_VERSION = 1;
export const OLDEST_CONFIG_SCHEMA_VERSION = 1;

/** What a writer records in meta.json `versions`. */
export function writerVersions(): { sequenceLab: string; node: string; configSchema: number } {
  return { sequenceLab: sequenceLabVersion(), node: process.versions.node, configSchema: CONFIG_SCHEMA_VERSION };
}

export interface VersionProblem {
  /** newer: written by a newer Sequence Lab; older: by one too old for this build. */
  kind: 'newer' | 'older';
  message: string;
}

/**
 * Why this build cannot fully use a run, from its meta.json fields; undefined when it can.
 * `writer` is the Sequence Lab version the run recorded, for the message.
 */
export function runVersionProblem(meta: { formatVersion?: unknown; versions?: { sequenceLab?: unknown; configSchema?: unknown } }): VersionProblem | undefined {
  const writer = typeof meta.versions?.sequenceLab === 'string' ? ` ${meta.versions.sequenceLab}` : '';
  const here = sequenceLabVersion();
  const format = typeof meta.formatVersion === 'number' ? meta.formatVersion : RUN_FORMAT_VERSION;
  const schema = typeof meta.versions?.configSchema === 'number' ? meta.versions.configSchema : 1;
  if (format > RUN_FORMAT_VERSION || schema > CONFIG_SCHEMA_VERSION) {
    const what = format > RUN_FORMAT_VERSION ? `run format ${format} (this one reads up to ${RUN_FORMAT_VERSION})` : `config schema ${schema} (this one knows up to ${CONFIG_SCHEMA_VERSION})`;
    return { kind: 'newer', message: `written by a newer Sequence Lab${writer}: ${what}; this is Sequence Lab ${here}. Upgrade Sequence Lab to resume or reproduce it` };
  }
  if (format < OLDEST_RUN_FORMAT_VERSION || schema < OLDEST_CONFIG_SCHEMA_VERSION) {
    const what = format < OLDEST_RUN_FORMAT_VERSION ? `run format ${format} (the oldest this one reads is ${OLDEST_RUN_FORMAT_VERSION})` : `config schema ${schema} (the oldest this one knows is ${OLDEST_CONFIG_SCHEMA_VERSION})`;
    return { kind: 'older', message: `written by an older Sequence Lab${writer}: ${what}; train it again to use it with Sequence Lab ${here}` };
  }
  return undefined;
}

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
