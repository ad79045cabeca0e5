// Builds only the dashboard bundle (dist/webview.js) with the same options as esbuild.js, so the
// dashboard can be previewed and tested while other bundles of the tree are mid-change.
'use strict';
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '../..');

async function buildWebview({ minify = false } = {}) {
  await esbuild.build({
    entryPoints: [path.join(root, 'webview/main.ts')],
    outfile: path.join(root, 'dist/webview.js'),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !minify,
    minify,
    logLevel: 'warning',
  });
  return path.join(root, 'dist/webview.js');
}

module.exports = { buildWebview };
if (require.main === module) buildWebview({ minify: process.argv.includes('--production') }).catch((e) => { console.error(e); process.exit(1); });
