// The BUILT bundle (node esbuild.js → dist/cli.js), copied with its .wasm files to a temp folder
// outside the source tree (no node_modules anywhere above it), trains a tiny experiment on the wasm
// backend: the bundle finds the wasm binaries beside itself and says why tensorflow is not used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TINY } from './engine-fixtures';

const root = path.resolve(__dirname, '../../..');

test('built dist/cli.js, run from a temp folder, trains on wasm and records it in meta.json', () => {
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  assert.equal(build.status, 0, `build failed: ${build.stderr}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-built-'));
  try {
    const bin = path.join(tmp, 'bin');
    const exp = path.join(tmp, 'exp');
    fs.mkdirSync(bin);
    fs.mkdirSync(path.join(exp, '.seqlab'), { recursive: true });
    const dist = path.join(root, 'dist');
    for (const f of fs.readdirSync(dist).filter((n) => n === 'cli.js' || n.endsWith('.wasm'))) fs.copyFileSync(path.join(dist, f), path.join(bin, f));
    fs.copyFileSync(TINY, path.join(exp, 'tiny.seqlab.yaml'));

    const run = spawnSync(process.execPath, [path.join(bin, 'cli.js'), 'train', 'tiny.seqlab.yaml', '--set', 'training.epochs=1'], {
      cwd: exp,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, NODE_PATH: '' },
    });
    assert.equal(run.status, 0, `exit ${run.status}\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /\n {2}backend {3}wasm {2}\(tensorflow: @tensorflow\/tfjs-node is not installed/);
    assert.match(run.stdout, /\ncompleted in /);

    const runsDir = path.join(exp, '.seqlab', 'runs');
    const [runId] = fs.readdirSync(runsDir).filter((n) => !n.startsWith('.'));
    const meta = JSON.parse(fs.readFileSync(path.join(runsDir, runId as string, 'meta.json'), 'utf8')) as {
      status: string;
      backend: { name: string; requested: string; reasons: string[]; detail: string };
    };
    assert.equal(meta.status, 'completed');
    assert.equal(meta.backend.name, 'wasm');
    assert.equal(meta.backend.requested, 'auto');
    assert.ok(meta.backend.detail.includes(bin), `wasm binaries from the bundle's folder: ${meta.backend.detail}`);
    assert.ok(fs.existsSync(path.join(runsDir, runId as string, 'model', 'model.json')));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
