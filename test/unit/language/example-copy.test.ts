import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadExperiment } from '../../../src/core/config';
import { copyExample, planExampleCopy } from '../../../src/extension/language/example-copy';
import { fixture } from './helpers';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-example-'));
}

test('an example is copied with its extends chain and its data file, and loads in its new place', () => {
  // A miniature "examples" tree: an experiment in examples/ extending a base and reading ../data/.
  const src = tmp();
  const dest = tmp();
  try {
    fs.mkdirSync(path.join(src, 'examples'));
    fs.mkdirSync(path.join(src, 'data'));
    fs.copyFileSync(fixture('series.csv'), path.join(src, 'data', 'series.csv'));
    fs.writeFileSync(path.join(src, 'examples', 'base.yaml'), 'training:\n  epochs: 2\n');
    fs.writeFileSync(path.join(src, 'examples', 'ex.seqlab.yaml'), 'extends: ./base.yaml\ndata:\n  kind: csv\n  path: ../data/series.csv\n  column: temp\n  window: 5\n');
    const plan = planExampleCopy(path.join(src, 'examples', 'ex.seqlab.yaml'), dest);
    assert.equal(plan.main, path.join(dest, 'examples', 'ex.seqlab.yaml'));
    const r = copyExample(plan);
    assert.deepEqual(r.copied.map((f) => path.relative(dest, f)).sort(), ['data/series.csv', 'examples/base.yaml', 'examples/ex.seqlab.yaml'].map((p) => p.split('/').join(path.sep)));
    const loaded = loadExperiment(r.main);
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
    assert.equal(loaded.config.training.epochs, 2);
    assert.equal(loaded.config.data.path, path.join(dest, 'data', 'series.csv'));

    // Again: the experiment gets a free name, the shared files are kept, nothing is overwritten.
    fs.writeFileSync(path.join(dest, 'examples', 'base.yaml'), 'training:\n  epochs: 7\n');
    const again = copyExample(planExampleCopy(path.join(src, 'examples', 'ex.seqlab.yaml'), dest));
    assert.equal(path.basename(again.main), 'ex-2.seqlab.yaml');
    assert.equal(again.kept.length, 2);
    assert.match(fs.readFileSync(path.join(dest, 'examples', 'base.yaml'), 'utf8'), /epochs: 7/);
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(dest, { recursive: true, force: true });
  }
});

test('an example without bases or data lands at the top of the target folder', () => {
  const dest = tmp();
  try {
    const plan = planExampleCopy(fixture('broken.seqlab.yaml'), dest);
    assert.equal(plan.main, path.join(dest, 'broken.seqlab.yaml'));
    assert.equal(plan.steps.length, 1);
  } finally {
    fs.rmSync(dest, { recursive: true, force: true });
  }
});
