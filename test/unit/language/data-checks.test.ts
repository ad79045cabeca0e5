import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadExperiment } from '../../../src/core/config';
import { dataChecks, readCsvShape, splitCsvLine } from '../../../src/extension/language/data-checks';
import { fixture } from './helpers';

test('the CSV header and row count are read without loading the data', () => {
  assert.deepEqual(readCsvShape(fixture('series.csv')), { header: ['date', 'temp', 'humidity'], rows: 30 });
  assert.equal(readCsvShape(fixture('nope.csv')), undefined);
  assert.deepEqual(splitCsvLine('"a,b",c,"d ""e"""'), ['a,b', 'c', 'd "e"']);
});

test('an unknown CSV column and a window longer than the series are errors on their values', () => {
  const file = fixture('csv-column.seqlab.yaml');
  const r = loadExperiment(file);
  assert.ok(r.ok, 'the schema accepts it: only the data shows the problems');
  const problems = dataChecks(file, r.config);
  const column = problems.find((p) => p.key === 'data.column');
  assert.ok(column);
  assert.deepEqual([column.line, column.column, column.endColumn], [5, 11, 16]);
  assert.match(column.message, /'tempp' is not in series\.csv.*'temp'/);
  assert.equal(column.fix, 'use `temp`');
  const window = problems.find((p) => p.key === 'data.window');
  assert.ok(window);
  assert.equal(window.line, 6);
  assert.match(window.message, /30 rows, 24 of them in the training part/);
});

test('a fitting CSV config has no data problems', () => {
  const file = fixture('csv-column.seqlab.yaml');
  const text = fs.readFileSync(file, 'utf8').replace('tempp', 'temp').replace('window: 40', 'window: 10');
  const readFile = (p: string): string | undefined => (p === file ? text : undefined);
  const r = loadExperiment(file, { readFile });
  assert.ok(r.ok);
  assert.deepEqual(dataChecks(file, r.config, readFile), []);
});

test('a changed CSV is read again (the shape cache follows size and mtime)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-csv-'));
  try {
    const f = path.join(dir, 'a.csv');
    fs.writeFileSync(f, 'x,y\n1,2\n');
    assert.deepEqual(readCsvShape(f), { header: ['x', 'y'], rows: 1 });
    fs.writeFileSync(f, 'x,y,z\n1,2,3\n4,5,6\n');
    fs.utimesSync(f, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(readCsvShape(f), { header: ['x', 'y', 'z'], rows: 2 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
