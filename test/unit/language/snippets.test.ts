import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadExperiment } from '../../../src/core/config';
import { EXPERIMENT_SNIPPETS, wantsExperimentSnippets } from '../../../src/extension/language/snippets';

/** What a user gets by pressing Tab through a snippet: each placeholder's default, each choice's first. */
function expand(body: string): string {
  return body.replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d/g, '');
}

test('every new-experiment snippet, expanded with its defaults, is a valid experiment', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-snippet-'));
  try {
    fs.writeFileSync(path.join(dir, 'data.csv'), 'date,value\n' + Array.from({ length: 200 }, (_, i) => `${i},${Math.sin(i / 5)}`).join('\n') + '\n');
    for (const s of EXPERIMENT_SNIPPETS) {
      const file = path.join(dir, 'x.seqlab.yaml');
      fs.writeFileSync(file, expand(s.body));
      const r = loadExperiment(file);
      assert.ok(r.ok, `${s.label}: ${JSON.stringify(!r.ok && r.errors.map((e) => `${e.key}: ${e.message}`))}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('snippets are offered at the top level of a file that has no experiment yet', () => {
  assert.equal(wantsExperimentSnippets([''], 0, 0), true);
  assert.equal(wantsExperimentSnippets(['# my experiment', 'se'], 1, 2), true);
  assert.equal(wantsExperimentSnippets(['data:', '  kind: sine', ''], 2, 0), false, 'the file already has one');
  assert.equal(wantsExperimentSnippets(['name: x', '  '], 1, 2), false, 'not inside a section');
});
