import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJsonl, readJsonl, repairJsonlTail } from '../../../src/core/runs';
import { tempDir } from './tmp';

test('complete lines are read without warnings', () => {
  const r = parseJsonl<{ i: number }>('{"i":1}\n{"i":2}\n', 'metrics.jsonl');
  assert.deepEqual(r.records, [{ i: 1 }, { i: 2 }]);
  assert.deepEqual(r.warnings, []);
});

test('a partial last line is ignored and reported', () => {
  const r = parseJsonl<{ i: number }>('{"i":1}\n{"i":2}\n{"i":3,"lo', 'metrics.jsonl');
  assert.deepEqual(r.records, [{ i: 1 }, { i: 2 }]);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0] ?? '', /metrics\.jsonl: ignored a partial last line/);
});

test('a last line that parses but lacks its newline is kept, with a warning', () => {
  const r = parseJsonl<{ i: number }>('{"i":1}\n{"i":2}', 'm.jsonl');
  assert.deepEqual(r.records, [{ i: 1 }, { i: 2 }]);
  assert.match(r.warnings[0] ?? '', /no newline/);
});

test('a corrupt line in the middle is skipped and named; CRLF and blank lines are fine', () => {
  const r = parseJsonl<{ i: number }>('{"i":1}\r\n\ngarbage\n[1,2]\n{"i":4}\n', 'g.jsonl');
  assert.deepEqual(r.records, [{ i: 1 }, { i: 4 }]);
  assert.deepEqual(r.warnings, ['g.jsonl: ignored corrupt line 3', 'g.jsonl: ignored corrupt line 4']);
});

test('a missing file is empty, not an error', () => {
  const d = tempDir();
  assert.deepEqual(readJsonl(path.join(d, 'none.jsonl')), { records: [], warnings: [] });
  fs.writeFileSync(path.join(d, 'a.jsonl'), '{"x":1}\n{"x":');
  const r = readJsonl(path.join(d, 'a.jsonl'));
  assert.equal(r.records.length, 1);
  assert.equal(r.warnings.length, 1);
});

test('repairJsonlTail cuts a partial last line so appends start on a fresh line', () => {
  const d = tempDir();
  const f = path.join(d, 'm.jsonl');
  assert.equal(repairJsonlTail(f), 0, 'missing file');
  fs.writeFileSync(f, '{"i":1}\n{"i":2}\n{"i":3,"lo');
  assert.equal(repairJsonlTail(f), 10);
  assert.equal(fs.readFileSync(f, 'utf8'), '{"i":1}\n{"i":2}\n');
  assert.equal(repairJsonlTail(f), 0, 'a complete file is untouched');
  // Longer than one 64 KiB chunk with no newline at all.
  fs.writeFileSync(f, `{"i":1}\n${'x'.repeat(100_000)}`);
  assert.equal(repairJsonlTail(f), 100_000);
  fs.writeFileSync(f, 'y'.repeat(70_000));
  assert.equal(repairJsonlTail(f), 70_000);
  assert.equal(fs.statSync(f).size, 0);
});
