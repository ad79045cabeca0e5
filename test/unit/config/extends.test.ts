/** `extends`: merge rules, paths relative to the extending file, Windows-style paths, cycles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadExperiment, type LoadResult } from '../../../src/core/config';
import { resolveExtendsPath } from '../../../src/core/config/extends';
import { fixture, tempFiles } from './helpers';

function errorsOf(r: LoadResult): string[] {
  return r.ok ? [] : r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.key}: ${e.message}`);
}

test('maps merge key by key, lists are replaced, null switches a base value off', () => {
  const r = loadExperiment(fixture('valid/child.seqlab.yaml'));
  assert.ok(r.ok, errorsOf(r).join('\n'));
  if (!r.ok) return;
  const c = r.config;
  assert.equal(c.name, 'child-gru');
  assert.equal(c.seed, 7, 'from the base');
  assert.deepEqual(c.data.split, { train: 0.7, val: 0.3 });
  assert.equal(c.model.type, 'gru');
  assert.equal(c.model.cell, 'gru');
  assert.deepEqual(c.model.layers, [{ units: 8, dropout: 0, recurrentDropout: 0, bidirectional: false }], 'the list is replaced, not merged item by item');
  assert.equal(c.training.epochs, 4);
  assert.equal(c.training.clipNorm, undefined, 'null in the child turns the base clipNorm off');
  assert.deepEqual(c.training.optimizer, { name: 'adam', learningRate: 0.01, momentum: 0 });
  assert.deepEqual(c.training.earlyStopping, { patience: 2, minDelta: 0 });
  assert.deepEqual(c.expect, { valMae: { below: 0.5 } }, 'null removes the base expect rule');
  assert.deepEqual(r.files, [fixture('valid/child.seqlab.yaml'), fixture('valid/bases/common.yaml')]);
});

test('a base of a base, relative to each extending file; errors point at the file that set the value', () => {
  const t = tempFiles({
    'exp/run.seqlab.yaml': 'extends: ../shared/mid.yaml\ntraining: {epochs: 2}\n',
    'shared/mid.yaml': 'extends: ./deep/root.yaml\nmodel: {layers: [{units: 0}]}\n',
    'shared/deep/root.yaml': 'seed: 11\ndata: {kind: adding}\n',
  });
  try {
    const r = loadExperiment(t.file('exp/run.seqlab.yaml'));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]?.file, t.file('shared/mid.yaml'));
    assert.equal(r.errors[0]?.line, 2);
    assert.equal(r.errors[0]?.key, 'model.layers.0.units');
    const fixed = loadExperiment(t.file('exp/run.seqlab.yaml'), { overrides: ['model.layers.0.units=4'] });
    assert.ok(fixed.ok, errorsOf(fixed).join('\n'));
    if (fixed.ok) {
      assert.equal(fixed.config.seed, 11);
      assert.equal(fixed.config.data.kind, 'adding');
      assert.deepEqual(fixed.files, [t.file('exp/run.seqlab.yaml'), t.file('shared/mid.yaml'), t.file('shared/deep/root.yaml')]);
    }
  } finally {
    t.cleanup();
  }
});

test('backslashes in extends work; a Windows drive path is a clear error, not a crash', () => {
  const t = tempFiles({
    'a.seqlab.yaml': 'extends: .\\bases\\b.yaml\n',
    'bases/b.yaml': 'seed: 9\n',
    'c.seqlab.yaml': 'extends: C:\\configs\\base.yaml\n',
  });
  try {
    const a = loadExperiment(t.file('a.seqlab.yaml'));
    assert.ok(a.ok, errorsOf(a).join('\n'));
    if (a.ok) assert.equal(a.config.seed, 9);
    const c = loadExperiment(t.file('c.seqlab.yaml'));
    if (process.platform !== 'win32') {
      assert.equal(c.ok, false);
      if (!c.ok) {
        assert.equal(c.errors[0]?.key, 'extends');
        assert.equal(c.errors[0]?.line, 1);
        assert.match(c.errors[0]?.message ?? '', /Windows drive path/);
        assert.match(c.errors[0]?.fix ?? '', /relative/);
      }
    }
    assert.deepEqual(resolveExtendsPath('D:/x/y.yaml', t.file('a.seqlab.yaml')).hasOwnProperty('problem'), process.platform !== 'win32');
  } finally {
    t.cleanup();
  }
});

test('a missing base names the extends line; a self-extending file is a cycle', () => {
  const t = tempFiles({
    'a.seqlab.yaml': '# comment\nextends: ./nope.yaml\n',
    'self.seqlab.yaml': 'extends: self.seqlab.yaml\n',
    'list.seqlab.yaml': 'extends: [a.yaml, b.yaml]\n',
  });
  try {
    const a = loadExperiment(t.file('a.seqlab.yaml'));
    assert.deepEqual(errorsOf(a), [`${t.file('a.seqlab.yaml')}:2:10 extends: base file not found: ${t.file('nope.yaml')}`]);
    const s = loadExperiment(t.file('self.seqlab.yaml'));
    assert.deepEqual(errorsOf(s), [`${t.file('self.seqlab.yaml')}:1:10 extends: extends cycle: self.seqlab.yaml → self.seqlab.yaml`]);
    const l = loadExperiment(t.file('list.seqlab.yaml'));
    assert.match(errorsOf(l)[0] ?? '', /extends: expected the path of a base file, got a list/);
  } finally {
    t.cleanup();
  }
});

test('cycles are found by real path, even through a symlink with another name', () => {
  const t = tempFiles({ 'a.seqlab.yaml': 'extends: ./b.yaml\n', 'b.yaml': 'extends: ./link.yaml\n' });
  try {
    fs.symlinkSync(t.file('b.yaml'), t.file('link.yaml')); // link.yaml is b.yaml under another name
    const r = loadExperiment(t.file('a.seqlab.yaml'));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.errors.length, 1);
      assert.equal(r.errors[0]?.message, 'extends cycle: b.yaml → link.yaml (link.yaml is b.yaml under another name)');
      assert.equal(r.errors[0]?.file, t.file('b.yaml'));
      assert.equal(r.errors[0]?.line, 1);
    }
  } finally {
    t.cleanup();
  }
});
