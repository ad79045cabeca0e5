// One build script for every bundle: extension (VS Code host), CLI, training worker and webview.
// `node esbuild.js` builds once; `--watch` rebuilds on change; `--production` minifies.
// tfjs-node stays external: it is an optional native addon, loaded lazily at run time.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = __dirname;
const dist = path.join(root, 'dist');
const pkg = require('./package.json');

/** Node-side bundles: [entry, outfile, extra options]. Entries that do not exist yet are skipped. */
const nodeBundles = [
  ['src/extension/extension.ts', 'extension.js', { external: ['vscode', '@tensorflow/*'] }],
  ['src/cli/main.ts', 'cli.js', { banner: { js: '#!/usr/bin/env node' } }],
  ['src/worker/worker.ts', 'worker.js', {}],
];

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { 'process.env.SEQLAB_VERSION': JSON.stringify(pkg.version) },
};

function copyWasm() {
  // tfjs-backend-wasm looks for its .wasm files next to the code that loads it; in a bundle that is
  // dist/, so they are copied here and backend.ts calls setWasmPaths(dist).
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const f of fs.readdirSync(wasmDir).filter((n) => n.endsWith('.wasm'))) {
    fs.copyFileSync(path.join(wasmDir, f), path.join(dist, f));
  }
  // The project's own kernels (src/core/kernels/*.wasm), when present.
  const kernels = path.join(root, 'src/core/kernels');
  if (fs.existsSync(kernels)) {
    for (const f of fs.readdirSync(kernels).filter((n) => n.endsWith('.wasm'))) {
      fs.copyFileSync(path.join(kernels, f), path.join(dist, f));
    }
  }
}

async function main() {
  fs.mkdirSync(dist, { recursive: true });
  const contexts = [];
  for (const [entry, out, extra] of nodeBundles) {
    if (!fs.existsSync(path.join(root, entry))) continue;
    const name = path.basename(out, '.js');
    contexts.push(
      await esbuild.context({
        ...common,
        entryPoints: [entry],
        outfile: path.join(dist, out),
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        metafile: true,
        external: ['@tensorflow/tfjs-node', ...(extra.external ?? [])],
        banner: extra.banner,
        plugins: [writeMetafile(name)],
      }),
    );
  }
  if (fs.existsSync(path.join(root, 'webview/main.ts'))) {
    contexts.push(
      await esbuild.context({
        ...common,
        entryPoints: ['webview/main.ts'],
        outfile: path.join(dist, 'webview.js'),
        platform: 'browser',
        target: 'es2022',
        format: 'iife',
        metafile: true,
        plugins: [writeMetafile('webview')],
      }),
    );
  }
  copyWasm();
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[watch] build started');
  } else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
    const cli = path.join(dist, 'cli.js');
    if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
  }
}

/** Writes dist/meta-<name>.json so tests can check what went into each bundle (no tfjs in the extension). */
function writeMetafile(name) {
  return {
    name: 'write-metafile',
    setup(build) {
      build.onEnd((result) => {
        if (result.metafile) fs.writeFileSync(path.join(dist, `meta-${name}.json`), JSON.stringify(result.metafile));
        if (result.errors.length === 0 && watch) console.log(`[watch] ${name} built`);
      });
    },
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
