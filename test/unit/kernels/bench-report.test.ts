/**
 * The README's performance table and docs/benchmarks.md are generated from bench/results.json
 * (bench/report.js; `npm run bench:report`): the committed files must equal what the generator makes
 * from the committed results, so neither can drift from a recorded run.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const report = require('../../../bench/report.js') as {
  readmeWithTable(readme: string, doc: unknown): string;
  writeReport(doc: unknown, file: string | null): { md: string };
  README_START: string;
};

const root = path.resolve(__dirname, '..', '..', '..');
const read = (f: string): string => fs.readFileSync(path.join(root, f), 'utf8');
const results = (): { results: Array<{ impl: string; cell: string; median: Record<string, number | null> }> } => JSON.parse(read('bench/results.json'));

test('README performance table = the generator applied to bench/results.json (run npm run bench:report when this fails)', () => {
  const readme = read('README.md');
  assert.ok(readme.includes(report.README_START), 'README.md lost its generated performance block markers');
  assert.equal(readme, report.readmeWithTable(readme, results()));
});

test('docs/benchmarks.md = the generator applied to bench/results.json', () => {
  assert.equal(read('docs/benchmarks.md'), report.writeReport(results(), null).md);
});

test('a changed number in the results changes the README table (the check can fail)', () => {
  const readme = read('README.md');
  const doc = results();
  const row = doc.results.find((r) => r.impl === 'layers-wasm' && r.median.trainSamplesPerSec);
  assert.ok(row, 'results.json has a tf.layers wasm row');
  row.median.trainSamplesPerSec = (row.median.trainSamplesPerSec as number) * 2 + 1;
  assert.notEqual(readme, report.readmeWithTable(readme, doc));
});
