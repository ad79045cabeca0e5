/** Defaults: an empty file becomes a full ExperimentConfig; computed defaults; resolved YAML round-trips. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadExperiment, type LoadResult } from '../../../src/core/config';
import { fixture, tempFiles } from './helpers';

function ok(r: LoadResult): Extract<LoadResult, { ok: true }> {
  if (!r.ok) assert.fail(r.errors.map((e) => `${e.line}:${e.column} ${e.key}: ${e.message}`).join('\n'));
  return r;
}

test('an empty experiment file gets every default', () => {
  const r = ok(loadExperiment(fixture('valid/minimal.seqlab.yaml')));
  assert.deepEqual(r.config, {
    name: 'minimal',
    seed: 42,
    backend: 'auto',
    data: {
      kind: 'sine',
      normalize: 'zscore',
      missing: 'error',
      window: 50,
      horizon: 1,
      split: { train: 0.8, val: 0.2 },
      length: 2000,
      noise: 0.1,
      size: 2000,
      minLength: 3,
      maxLength: 10,
      vocabSize: 10000,
      tokens: 'char',
      features: 'logmel',
      midi: { grid: 16, maxDuration: 16, transpose: [0] },
    },
    model: {
      type: 'lstm',
      cell: 'lstm',
      layers: [{ units: 64, dropout: 0, recurrentDropout: 0, bidirectional: false }],
      init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 1, forgetBias: 1 },
      attention: 'none',
    },
    training: { epochs: 20, batchSize: 64, optimizer: { name: 'adam', learningRate: 0.001, momentum: 0 }, kernel: 'auto' },
    samples: { every: 1, count: 3, temperatures: [1] },
    expect: {},
  });
  assert.deepEqual(r.files, [fixture('valid/minimal.seqlab.yaml')]);
  assert.deepEqual(r.warnings, []);
});

test('partial maps are completed key by key; null-defaulted sections fill in when given', () => {
  const t = tempFiles({
    'x.seqlab.yaml': 'data: {kind: copy, split: {train: 0.6}}\nmodel: {type: seq2seq, layers: [{units: 8}]}\ntraining: {earlyStopping: {patience: 3}, schedule: {kind: cosine}}\n',
  });
  try {
    const c = ok(loadExperiment(t.file('x.seqlab.yaml'))).config;
    assert.deepEqual(c.data.split, { train: 0.6, val: 0.2 });
    assert.equal(c.data.vocabSize, 10, 'toy tasks default to a 10-symbol alphabet');
    assert.equal(c.model.cell, 'lstm', 'seq2seq defaults to an lstm cell');
    assert.deepEqual(c.model.layers, [{ units: 8, dropout: 0, recurrentDropout: 0, bidirectional: false }]);
    assert.deepEqual(c.training.earlyStopping, { patience: 3, minDelta: 0 });
    assert.deepEqual(c.training.schedule, { kind: 'cosine', gamma: 0.5, everyEpochs: 10, minFactor: 0.01, warmupEpochs: 0 });
    assert.equal(c.training.clipNorm, undefined);
    assert.equal('clipNorm' in c.training, false, 'off means absent, not null');
  } finally {
    t.cleanup();
  }
});

test('data.path is resolved to an absolute path relative to the YAML file', () => {
  const r = ok(loadExperiment(fixture('valid/text.seqlab.yaml')));
  assert.equal(r.config.data.path, fixture('valid/text-corpus.txt'));
  assert.equal(r.config.data.tokens, 'word');
  assert.deepEqual(r.config.samples, { every: 1, count: 3, temperatures: [0.5, 1], topK: 5 });
});

test('resolvedYaml loads back to the same config (it becomes the run folder config.yaml)', () => {
  for (const f of ['valid/minimal.seqlab.yaml', 'valid/child.seqlab.yaml', 'valid/text.seqlab.yaml']) {
    const first = ok(loadExperiment(fixture(f), { overrides: ['training.epochs=2'] }));
    assert.match(first.resolvedYaml, /^# Resolved by Sequence Lab/);
    const t = tempFiles({ 'config.yaml': first.resolvedYaml });
    try {
      const again = ok(loadExperiment(t.file('config.yaml')));
      assert.deepEqual(again.config, first.config, f);
    } finally {
      t.cleanup();
    }
  }
});

test('editor buffers (readFile) win over the disk', () => {
  const file = fixture('valid/minimal.seqlab.yaml');
  const r = ok(loadExperiment(file, { readFile: (p) => (p === file ? 'seed: 5\n' : undefined) }));
  assert.equal(r.config.seed, 5);
  const bad = loadExperiment(path.join(path.dirname(file), 'unsaved.seqlab.yaml'), { readFile: () => 'seed: -1\n' });
  assert.equal(bad.ok, false);
  assert.ok(!fs.existsSync(path.join(path.dirname(file), 'unsaved.seqlab.yaml')));
});

test('a missing experiment file is an error, not an exception', () => {
  const r = loadExperiment(fixture('does-not-exist.seqlab.yaml'));
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.errors[0]?.message ?? '', /file not found/);
});

test('an empty section (all its keys commented out) means its defaults; an empty scalar is an error', () => {
  const t = tempFiles({ 'x.seqlab.yaml': 'data:\n  # kind: csv\nmodel:\nexpect:\ntraining:\n  epochs:\n' });
  try {
    const r = loadExperiment(t.file('x.seqlab.yaml'));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.errors.map((e) => `${e.line}:${e.column} ${e.key}`), ['6:3 training.epochs']);
    assert.match(r.errors[0]?.fix ?? '', /remove the key to use its default \(20\)/);
    fs.writeFileSync(t.file('x.seqlab.yaml'), 'data:\n  # kind: csv\nmodel:\nexpect:\n');
    const c = ok(loadExperiment(t.file('x.seqlab.yaml'))).config;
    assert.equal(c.data.kind, 'sine');
    assert.equal(c.model.type, 'lstm');
    assert.deepEqual(c.expect, {});
  } finally {
    t.cleanup();
  }
});
