// data.audio in the experiment file: defaults for kind audio only, errors with the key and a suggestion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadExperiment } from '../../../src/core/config';

const EXAMPLE = path.resolve(__dirname, '../../../examples/spoken-digits.seqlab.yaml');

test('the spoken-digits example resolves with its audio parameters and schema defaults for the rest', () => {
  const r = loadExperiment(EXAMPLE);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.deepEqual(r.config.data.audio, { sampleRate: 8000, frameMs: 25, hopMs: 10, mels: 20, fMin: 0, mfcc: 13, normalize: 'utterance', maxFrames: 60, splitBy: 'speaker' });
  assert.ok(r.config.data.testPath?.endsWith(path.join('data', 'spoken-digits', 'test')));
  assert.match(r.resolvedYaml, /maxFrames: 60/);
});

test('other kinds carry no audio section; a misspelt audio key is an error naming it with a suggestion', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-audio-config-'));
  try {
    const sine = path.join(dir, 'sine.seqlab.yaml');
    fs.writeFileSync(sine, 'data: {kind: sine}\n');
    const s = loadExperiment(sine);
    assert.ok(s.ok);
    assert.equal(s.config.data.audio, undefined);
    const bad = path.join(dir, 'bad.seqlab.yaml');
    fs.writeFileSync(bad, 'data:\n  kind: audio\n  path: .\n  audio:\n    mel: 40\n    normalize: loudness\n');
    const b = loadExperiment(bad);
    assert.ok(!b.ok);
    const unknown = b.errors.find((e) => e.key === 'data.audio.mel');
    assert.ok(unknown, JSON.stringify(b.errors));
    assert.equal(unknown.line, 5);
    assert.match(`${unknown.message} ${unknown.fix ?? ''}`, /mels/);
    assert.ok(b.errors.some((e) => e.key === 'data.audio.normalize' && /utterance/.test(`${e.message} ${e.fix ?? ''}`)), JSON.stringify(b.errors));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
