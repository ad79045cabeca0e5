/** Every shipped example (examples/**\/*.seqlab.yaml) is a valid experiment: users copy them first. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatConfigError, loadExperiment } from '../../../src/core/config';
import { repoRoot } from './helpers';

const dir = path.join(repoRoot, 'examples');
const examples = fs.existsSync(dir)
  ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.seqlab.yaml')).sort()
  : [];

test('the examples folder has experiment files', () => {
  assert.ok(examples.length > 0, 'no examples/*.seqlab.yaml found');
});

for (const rel of examples) {
  test(`examples/${rel} is valid`, () => {
    const r = loadExperiment(path.join(dir, rel));
    assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => formatConfigError(e, repoRoot)).join('\n'));
  });
}
