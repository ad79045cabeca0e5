import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { build } from 'esbuild';

// The dashboard bundle must stay a browser bundle: chart.js and the project's own webview code, the
// shared protocol types, the pure lesson detectors (src/core/lesson: plain functions over records, the
// same code the walkthrough milestones use), the pure sweep leaderboard (src/core/sweep/leaderboard.ts:
// the CLI's sorting and best-of, no imports), nothing of tfjs or Node, nothing fetched at run time.
test('dist/webview.js bundles only the webview, the protocol, the lesson detectors and chart.js', async () => {
  const root = path.resolve(__dirname, '../../..');
  const result = await build({
    entryPoints: [path.join(root, 'webview/main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const foreign = inputs.filter((f) => !/^(webview\/|src\/shared\/|src\/core\/lesson\/(detectors|dashboard)\.ts$|src\/core\/sweep\/leaderboard\.ts$|node_modules\/chart\.js\/|node_modules\/@kurkle\/color\/)/.test(f));
  assert.deepEqual(foreign, []);
  assert.ok(inputs.every((f) => !/tensorflow|node_modules\/(yaml|ajv)\//.test(f)), 'no tfjs, no config parser');
  assert.ok(inputs.some((f) => f.startsWith('node_modules/chart.js/')), 'chart.js is bundled');
  const code = result.outputFiles[0]!.text;
  assert.doesNotMatch(code, /https?:\/\/(cdn|unpkg|fonts\.googleapis)/, 'no network resources');
  assert.doesNotMatch(code, /\binnerHTML\s*=/, 'no innerHTML assignments');
});
