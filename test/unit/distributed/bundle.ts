/**
 * The CLI and training child bundled from the CURRENT sources into a temp folder, as esbuild.js does
 * for dist/ (same platform, format and externals; the wasm files beside them). The queue test starts
 * several CLI processes: from bundles each starts in well under a second, under tsx in several
 * seconds on a loaded machine, and a stale dist/ could test old code.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

export async function bundleCli(): Promise<{ dir: string; cli: string; cleanup(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-cli-bundle-'));
  const common: esbuild.BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    external: ['@tensorflow/tfjs-node'],
    define: { 'process.env.SEQLAB_VERSION': JSON.stringify('test') },
    absWorkingDir: REPO,
  };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: path.join(dir, 'cli.js') }),
    esbuild.build({ ...common, entryPoints: ['src/worker/worker.ts'], outfile: path.join(dir, 'worker.js') }),
  ]);
  const wasmDirs = [path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'), path.join(REPO, 'src/core/kernels')];
  for (const d of wasmDirs) {
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d).filter((n) => n.endsWith('.wasm'))) fs.copyFileSync(path.join(d, f), path.join(dir, f));
  }
  return { dir, cli: path.join(dir, 'cli.js'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
