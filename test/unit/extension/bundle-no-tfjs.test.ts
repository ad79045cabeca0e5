// Activation must never load tfjs (DESIGN.md / issue 6): the extension bundle's esbuild metafile may
// neither contain nor import any @tensorflow module. The bundle is built here with the same entry and
// externals as esbuild.js, and dist/meta-extension.json is checked as well when a build left one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';

const root = path.resolve(__dirname, '../../..');

function tfjsIn(meta: Metafile): string[] {
  const hits: string[] = [];
  for (const [file, input] of Object.entries(meta.inputs)) {
    if (/@tensorflow[\\/]/.test(file)) hits.push(`bundled: ${file}`);
    for (const imp of input.imports) if (/^@tensorflow\/|[\\/]@tensorflow[\\/]/.test(imp.path)) hits.push(`${file} imports ${imp.path}`);
  }
  return hits;
}

test('the extension bundle pulls in no @tensorflow module', async () => {
  const r = await build({
    entryPoints: [path.join(root, 'src/extension/extension.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, metafile: true, logLevel: 'silent',
    outfile: path.join(root, 'dist/extension.js'),
    external: ['vscode', '@tensorflow/*'],
  });
  const inputs = Object.keys(r.metafile.inputs);
  assert.ok(inputs.some((f) => f.includes('src/extension/trainer.ts')), 'sanity: the trainer is in the bundle');
  assert.ok(inputs.some((f) => f.includes('src/core/runs/')), 'sanity: the runs reader is in the bundle');
  assert.deepEqual(tfjsIn(r.metafile), []);
});

test('dist/meta-extension.json (from npm run build), when present, shows no @tensorflow either', (t) => {
  const file = path.join(root, 'dist/meta-extension.json');
  if (!fs.existsSync(file)) return t.skip('no build yet');
  assert.deepEqual(tfjsIn(JSON.parse(fs.readFileSync(file, 'utf8')) as Metafile), []);
});

test('the check itself notices a tfjs import', () => {
  const meta = { inputs: { 'src/x.ts': { bytes: 1, imports: [{ path: '@tensorflow/tfjs-core', kind: 'import-statement', external: true }] } }, outputs: {} } as unknown as Metafile;
  assert.equal(tfjsIn(meta).length, 1);
});
