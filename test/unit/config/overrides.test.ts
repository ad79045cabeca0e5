/** `--set key.path=value`: typed values, list indices, flow collections, and errors that name the override. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadExperiment, type LoadResult } from '../../../src/core/config';
import { cli, fixture } from './helpers';

const minimal = fixture('valid/minimal.seqlab.yaml');
const child = fixture('valid/child.seqlab.yaml');

function config(r: LoadResult) {
  if (!r.ok) assert.fail(r.errors.map((e) => `${e.key}: ${e.message}`).join('\n'));
  return r.config;
}

test('override values are typed: numbers, booleans, null, strings, flow lists and maps', () => {
  const c = config(
    loadExperiment(child, {
      overrides: [
        'training.epochs=3',
        'training.optimizer.learningRate=1e-2',
        'model.layers.0.bidirectional=true',
        'training.clipNorm=0.5',
        'training.earlyStopping=null',
        'name=my run',
        'samples.temperatures=[0.5, 1.5]',
        'model.embedding={dim: 8}',
        'data.kind=random-walk',
      ],
    }),
  );
  assert.equal(c.training.epochs, 3);
  assert.equal(c.training.optimizer.learningRate, 0.01);
  assert.equal(c.model.layers[0]?.bidirectional, true);
  assert.equal(c.training.clipNorm, 0.5);
  assert.equal(c.training.earlyStopping, undefined);
  assert.equal(c.name, 'my run');
  assert.deepEqual(c.samples.temperatures, [0.5, 1.5]);
  assert.deepEqual(c.model.embedding, { dim: 8 });
  assert.equal(c.data.kind, 'random-walk');
});

test('list indices address items; the index just past the end appends; a missing list starts from its default', () => {
  const c = config(loadExperiment(child, { overrides: ['model.layers.0.units=5', 'model.layers.1.units=3'] }));
  assert.deepEqual(c.model.layers.map((l) => l.units), [5, 3]);
  const d = config(loadExperiment(minimal, { overrides: ['model.layers.0.dropout=0.2'] }));
  assert.deepEqual(d.model.layers, [{ units: 64, dropout: 0.2, recurrentDropout: 0, bidirectional: false }]);
  const e = config(loadExperiment(minimal, { overrides: ['model.layers=[{units: 4}, {units: 2}]'] }));
  assert.deepEqual(e.model.layers.map((l) => l.units), [4, 2]);
});

test('overrides apply in order and create sections that were off', () => {
  const c = config(loadExperiment(minimal, { overrides: ['training.epochs=3', 'training.epochs=4', 'training.earlyStopping.patience=2', 'expect.valLoss.below=0.1'] }));
  assert.equal(c.training.epochs, 4);
  assert.deepEqual(c.training.earlyStopping, { patience: 2, minDelta: 0 });
  assert.deepEqual(c.expect, { valLoss: { below: 0.1 } });
});

test('sweep keys are key paths: --set sweep.model.type=[rnn, gru]', () => {
  const c = config(loadExperiment(minimal, { overrides: ['sweep.model.type=[rnn, gru]'] }));
  assert.deepEqual(c.sweep, { 'model.type': ['rnn', 'gru'] });
});

test('bad overrides are errors that name the override, all reported at once', () => {
  const r = loadExperiment(minimal, {
    overrides: ['model.layrs.0.units=8', 'epochs=3', 'noequals', 'model.layers.4.units=1', 'model.layers.units=3', 'training.epochs=[1,', 'training.epochs=-1', 'extends=x.yaml'],
  });
  assert.equal(r.ok, false);
  if (r.ok) return;
  const byOverride = new Map(r.errors.map((e) => [e.override, e]));
  const msg = (o: string): string => byOverride.get(o)?.message ?? `(no error for ${o})`;
  assert.match(msg('model.layrs.0.units=8'), /^--set model\.layrs\.0\.units=8: unknown key `layrs` in `model` \(did you mean `model\.layers\.0\.units`\?\)/);
  assert.match(byOverride.get('model.layrs.0.units=8')?.fix ?? '', /--set model\.layers\.0\.units=8/);
  assert.match(msg('epochs=3'), /unknown key `epochs` \(did you mean `training\.epochs`\?\)/);
  assert.match(msg('noequals'), /expected `key\.path=value`/);
  assert.match(msg('model.layers.4.units=1'), /`model\.layers` has 1 item; index 4 is past the end/);
  assert.match(msg('model.layers.units=3'), /`model\.layers` is a list: address an item by its index, e\.g\. `model\.layers\.0\.units`/);
  assert.match(msg('training.epochs=[1,'), /the value is not valid YAML/);
  assert.match(msg('training.epochs=-1'), /must be at least 1, got -1 \(set by --set training\.epochs=-1\)/);
  const typed = loadExperiment(minimal, { overrides: ['training.epochs=many'] });
  assert.equal(typed.ok ? '' : typed.errors[0]?.fix, 'write a whole number, e.g. `--set training.epochs=20`');
  assert.match(msg('extends=x.yaml'), /cannot be overridden/);
  for (const e of r.errors) {
    assert.equal(e.file, minimal);
    assert.equal(e.line, 1);
    assert.ok(e.fix, `${e.message} has a fix`);
  }
});

test('seqlab validate --set: overrides reach the CLI; a bad one exits 2 naming it', async () => {
  const good = await cli(['validate', 'test/fixtures/config/valid/child.seqlab.yaml', '--set', 'training.epochs=2']);
  assert.equal(good.code, 0, good.stdout);
  const bad = await cli(['validate', 'test/fixtures/config/valid/child.seqlab.yaml', '--set', 'training.epocs=2']);
  assert.equal(bad.code, 2);
  assert.match(bad.stdout, /^test\/fixtures\/config\/valid\/child\.seqlab\.yaml:1:1: error: training\.epocs: --set training\.epocs=2: unknown key `epocs` in `training` \(did you mean `training\.epochs`\?\)\n {2}fix: use `--set training\.epochs=2`/m);
});

test('where only a string fits, an override value stays text (`name=123`, `data.column=2`)', () => {
  const c = config(loadExperiment(minimal, { overrides: ['name=123', 'data.column=2', 'seed=5'] }));
  assert.equal(c.name, '123');
  assert.equal(c.data.column, '2');
  assert.equal(c.seed, 5);
});
