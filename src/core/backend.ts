/**
 * Chooses and initialises the TensorFlow.js backend: `auto` tries tensorflow (native, fastest), then
 * wasm (SIMD), then cpu (pure JS), and always records why each better one did not load. Asking for a
 * specific backend that cannot load is an error, never a silent fallback.
 *
 * Facts this code is built on (DESIGN.md "Backends"):
 * - `@tensorflow/tfjs-node` is an optional dependency. Its install script downloads libtensorflow, so
 *   offline `npm install` (npm 11) exits 0 and silently drops it. We detect why it is absent rather
 *   than assume: not installed / installed but the native addon fails / wrong version.
 * - tfjs-core keeps one global engine; a tfjs-node built for another tfjs-core version would register
 *   its kernels into ours, so it is used only on an exact version match (checked BEFORE requiring it).
 * - Bundled by esbuild, `tf.setBackend('wasm')` resolves `false` (it does not throw) when the three
 *   `tfjs-backend-wasm*.wasm` files are not where it looks. esbuild.js copies them beside the bundle;
 *   we call `setWasmPaths` with that folder and treat `false` as a failure with its reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
// The node build of tfjs-core registers no gradients; training needs them. (Shares the global engine.)
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tfCpu from '@tensorflow/tfjs-backend-cpu';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import type { BackendInfo } from './events';
import type { BackendName } from './config/types';

export const NATIVE_PACKAGE = '@tensorflow/tfjs-node';
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** How the native package is found and loaded; tests inject a fake. */
export interface NativeLoader {
  /** Where it would be loaded from (for messages). */
  location: string;
  /** `undefined` when the package is not installed. `coreVersion`: the tfjs-core it would use. */
  probe(): { version: string; coreVersion?: string } | undefined;
  /** Requires the package (this registers the 'tensorflow' backend). Throws when the addon fails. */
  load(): unknown;
}

export interface BackendOptions {
  /** Folder holding the tfjs-backend-wasm*.wasm files (default: beside the bundle, else the package). */
  wasmDir?: string;
  /** An installed @tensorflow/tfjs-node: the package folder, or a folder whose node_modules holds it. */
  tfjsNodePath?: string;
  /** Tests: replaces the real lookup of @tensorflow/tfjs-node. */
  nativeLoader?: NativeLoader;
}

/** A backend that was asked for explicitly and cannot load. */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly requested: BackendName,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

type Concrete = Exclude<BackendName, 'auto'>;
type Attempt = { ok: true; detail: string } | { ok: false; reason: string };

const ORDER: Concrete[] = ['tensorflow', 'wasm', 'cpu'];

export async function initBackend(requested: BackendName, opts: BackendOptions = {}): Promise<BackendInfo> {
  const candidates = requested === 'auto' ? ORDER : [requested];
  const reasons: string[] = [];
  for (const name of candidates) {
    const attempt = await tryBackend(name, opts);
    if (attempt.ok) return { name, requested, reasons, detail: attempt.detail };
    reasons.push(`${name}: ${attempt.reason}`);
  }
  const hint =
    requested === 'auto' ? '' : ` Use backend: auto (or --backend auto) to fall back to ${ORDER.filter((n) => n !== requested).join(' or ')}.`;
  throw new BackendError(`backend '${requested}' cannot be used: ${reasons.join('; ')}.${hint}`, requested, reasons);
}

async function tryBackend(name: Concrete, opts: BackendOptions): Promise<Attempt> {
  switch (name) {
    case 'tensorflow':
      return tryNative(opts.nativeLoader ?? defaultNativeLoader(opts.tfjsNodePath));
    case 'wasm':
      return tryWasm(opts.wasmDir);
    case 'cpu': {
      const ok = await tf.setBackend('cpu');
      // Its one-time "install tfjs-node to speed things up" banner: the header already says why cpu runs.
      if (ok) (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
      return ok ? { ok: true, detail: `tfjs ${tf.version_core}, pure JavaScript (tfjs-backend-cpu ${tfCpu.version_cpu})` } : { ok: false, reason: 'tf.setBackend("cpu") failed' };
    }
  }
}

// ---- tensorflow (native) -------------------------------------------------------------------------

export async function tryNative(loader: NativeLoader): Promise<Attempt> {
  let found: ReturnType<NativeLoader['probe']>;
  try {
    found = loader.probe();
  } catch (err) {
    return { ok: false, reason: `${NATIVE_PACKAGE} could not be inspected at ${loader.location}: ${firstLine(err)}` };
  }
  if (!found) {
    return {
      ok: false,
      reason:
        `${NATIVE_PACKAGE} is not installed (npm drops this optional dependency when its install script cannot ` +
        `download libtensorflow, e.g. offline; install it where the internet is reachable, or set seqlab.tfjsNodePath)`,
    };
  }
  const core = tf.version_core;
  if (found.version !== core) {
    return { ok: false, reason: `${NATIVE_PACKAGE} version ${found.version} does not match the bundled tfjs-core ${core}` };
  }
  if (found.coreVersion !== undefined && found.coreVersion !== core) {
    return {
      ok: false,
      reason: `${NATIVE_PACKAGE} ${found.version} resolves tfjs-core ${found.coreVersion}, which does not match the bundled tfjs-core ${core}`,
    };
  }
  try {
    loader.load();
  } catch (err) {
    return { ok: false, reason: `${NATIVE_PACKAGE} is installed but its native addon failed to load: ${firstLine(err)}` };
  }
  if (!tf.findBackendFactory('tensorflow')) {
    return { ok: false, reason: `${NATIVE_PACKAGE} loaded but the 'tensorflow' backend did not initialise: it registered no backend` };
  }
  const { ok, warnings } = await withCapturedWarnings(() => tf.setBackend('tensorflow'));
  if (!ok) {
    return { ok: false, reason: `${NATIVE_PACKAGE} loaded but the 'tensorflow' backend did not initialise${warnings ? `: ${warnings}` : ''}` };
  }
  return { ok: true, detail: `tfjs ${tf.version_core}, native libtensorflow via ${NATIVE_PACKAGE} ${found.version}` };
}

/** Finds @tensorflow/tfjs-node by `tfjsNodePath`, else normal resolution from this file and from cwd. */
export function defaultNativeLoader(tfjsNodePath?: string): NativeLoader {
  const pkgDir = tfjsNodePath ? findNativeUnder(tfjsNodePath) : findNativeByResolution();
  const location = tfjsNodePath ?? 'node_modules';
  return {
    location,
    probe() {
      if (!pkgDir) return undefined;
      const version = readVersion(path.join(pkgDir, 'package.json'));
      if (!version) return undefined;
      let coreVersion: string | undefined;
      try {
        coreVersion = readVersion(createRequire(path.join(pkgDir, 'package.json')).resolve('@tensorflow/tfjs-core/package.json'));
      } catch {
        coreVersion = undefined; // a broken install: load() will say what is wrong
      }
      return { version, coreVersion };
    },
    load() {
      if (!pkgDir) throw new Error(`${NATIVE_PACKAGE} not found`);
      return createRequire(path.join(pkgDir, 'package.json'))(pkgDir);
    },
  };
}

function findNativeUnder(p: string): string | undefined {
  const candidates = [p, path.join(p, 'node_modules', NATIVE_PACKAGE), path.join(p, NATIVE_PACKAGE)];
  return candidates.find((dir) => readName(path.join(dir, 'package.json')) === NATIVE_PACKAGE);
}

function findNativeByResolution(): string | undefined {
  for (const base of [__filename, path.join(process.cwd(), 'noop.js')]) {
    try {
      return path.dirname(createRequire(base).resolve(`${NATIVE_PACKAGE}/package.json`));
    } catch {
      // not resolvable from here; try the next base
    }
  }
  return undefined;
}

// ---- wasm ----------------------------------------------------------------------------------------

let wasmPathsDir: string | undefined;
/** tfjs-backend-wasm cannot re-initialise after a failed start (a retry even reports success): remember it. */
let wasmFailure: string | undefined;

async function tryWasm(wasmDirOpt: string | undefined): Promise<Attempt> {
  const dir = wasmDirOpt ?? findWasmDir();
  if (!dir) {
    return {
      ok: false,
      reason: `the tfjs-backend-wasm*.wasm files were found neither beside ${__dirname} nor in the @tensorflow/tfjs-backend-wasm package`,
    };
  }
  const missing = WASM_FILES.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length > 0) return { ok: false, reason: `${missing.join(', ')} missing in ${dir}` };
  if (wasmFailure) return { ok: false, reason: `${wasmFailure} (earlier in this process; restart to retry)` };
  if (tf.getBackend() === 'wasm' && wasmPathsDir !== undefined) return { ok: true, detail: wasmDetail(wasmPathsDir) };
  if (wasmPathsDir !== dir) {
    try {
      tfWasm.setWasmPaths(dir.endsWith(path.sep) || dir.endsWith('/') ? dir : `${dir}/`);
      wasmPathsDir = dir;
    } catch (err) {
      return { ok: false, reason: firstLine(err) };
    }
  }
  const listenersBefore = processListeners();
  const { ok, warnings } = await withCapturedWarnings(() => tf.setBackend('wasm'));
  removeListenersAddedSince(listenersBefore);
  if (!ok) {
    wasmFailure = `tf.setBackend('wasm') returned false${warnings ? `: ${warnings}` : ''} (wasm files from ${dir})`;
    return { ok: false, reason: wasmFailure };
  }
  return { ok: true, detail: wasmDetail(dir) };
}

function wasmDetail(dir: string): string {
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'with SIMD' : 'without SIMD';
  return `tfjs ${tf.version_core}, WebAssembly ${simd} (tfjs-backend-wasm ${tfWasm.version_wasm}), binaries from ${dir}`;
}

/** Bundled: __dirname holds the .wasm files (esbuild.js copies them). Source/tsx: the package's dist. */
export function findWasmDir(): string | undefined {
  const candidates = [__dirname];
  try {
    candidates.push(path.join(path.dirname(createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
  } catch {
    // not resolvable (a bundle copied elsewhere): only __dirname counts
  }
  return candidates.find((dir) => WASM_FILES.every((f) => fs.existsSync(path.join(dir, f))));
}

// ---- helpers -------------------------------------------------------------------------------------

/**
 * tfjs reports a failed backend initialisation only through console.warn (setBackend resolves false);
 * capture those lines so the reason reaches the user in one place instead of as stray stderr output.
 */
async function withCapturedWarnings<T>(fn: () => Promise<T>): Promise<{ ok: T; warnings: string }> {
  const lines: string[] = [];
  const origWarn = console.warn;
  const origError = console.error;
  const capture = (...args: unknown[]): void => {
    lines.push(args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  };
  console.warn = capture;
  console.error = capture;
  try {
    const ok = await fn();
    const text = lines.join(' | ').replace(/\s+/g, ' ').trim();
    return { ok, warnings: text.length > 400 ? `${text.slice(0, 400)}…` : text };
  } finally {
    console.warn = origWarn;
    console.error = origError;
  }
}

interface ListenerSnapshot {
  uncaughtException: NodeJS.UncaughtExceptionListener[];
  unhandledRejection: NodeJS.UnhandledRejectionListener[];
}

function processListeners(): ListenerSnapshot {
  return { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
}

/**
 * The Emscripten glue of tfjs-backend-wasm installs process handlers that rethrow every uncaught error
 * and unhandled rejection (printing a screen of minified code). Node's defaults are better: remove them.
 */
function removeListenersAddedSince(before: ListenerSnapshot): void {
  for (const l of process.listeners('uncaughtException')) {
    if (!before.uncaughtException.includes(l)) process.removeListener('uncaughtException', l);
  }
  for (const l of process.listeners('unhandledRejection')) {
    if (!before.unhandledRejection.includes(l)) process.removeListener('unhandledRejection', l);
  }
}

function readVersion(pkgJson: string): string | undefined {
  const v = readJson(pkgJson)?.version;
  return typeof v === 'string' ? v : undefined;
}

function readName(pkgJson: string): string | undefined {
  const n = readJson(pkgJson)?.name;
  return typeof n === 'string' ? n : undefined;
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return (msg.split('\n').find((l) => l.trim() !== '') ?? msg).trim();
}

/** Human one-liner for headers and the status bar: "wasm (tensorflow: … not installed …)". */
export function describeBackend(info: BackendInfo): string {
  const why = info.reasons.length ? ` — ${info.reasons.join('; ')}` : info.requested === 'auto' ? '' : ' (requested)';
  return `${info.name}${why}`;
}
