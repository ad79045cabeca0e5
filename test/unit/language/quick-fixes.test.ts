import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import { loadExperiment, type ConfigError } from '../../../src/core/config';
import { quickFixesFor, type QuickFix } from '../../../src/extension/language/quick-fixes';
import { fixture } from './helpers';

function applyFix(text: string, fix: QuickFix): string {
  const lines = text.split('\n');
  const off = (l: number, c: number): number => lines.slice(0, l).reduce((n, x) => n + x.length + 1, 0) + c;
  // Apply from the end so earlier offsets stay valid.
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => off(b.range.startLine, b.range.startChar) - off(a.range.startLine, a.range.startChar))) {
    out = out.slice(0, off(e.range.startLine, e.range.startChar)) + e.newText + out.slice(off(e.range.endLine, e.range.endChar));
  }
  return out;
}

function errorsOf(file: string, text: string): ConfigError[] {
  const r = loadExperiment(file, { readFile: (p) => (p === file ? text : undefined) });
  return r.ok ? [] : r.errors;
}

test('"did you mean" fixes rename the key and the value, and each one removes its error', () => {
  const file = fixture('broken.seqlab.yaml');
  let text = fs.readFileSync(file, 'utf8');
  const errors = errorsOf(file, text);
  assert.deepEqual(errors.map((e) => e.key), ['model.tpye', 'model.cell']);
  const keyFix = quickFixesFor(errors[0]!, text);
  assert.equal(keyFix.length, 1);
  assert.equal(keyFix[0]!.title, 'Rename `tpye` to `type`');
  assert.equal(keyFix[0]!.preferred, true);
  text = applyFix(text, keyFix[0]!);
  assert.match(text, /\n {2}type: gru\n/);
  const after = errorsOf(file, text);
  assert.ok(!after.some((e) => e.key === 'model.tpye'), 'the key error is gone');
  const valueError = after.find((e) => e.key === 'model.cell');
  assert.ok(valueError);
  const valueFix = quickFixesFor(valueError, text);
  assert.equal(valueFix[0]!.title, 'Change `lstmm` to `lstm`');
  text = applyFix(text, valueFix[0]!);
  assert.ok(!errorsOf(file, text).some((e) => e.key === 'model.cell' && /lstmm/.test(e.message)));
});

test('a missing data.path is added under data:', () => {
  const file = fixture('missing-path.seqlab.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const error = errorsOf(file, text).find((e) => /no `data.path`/.test(e.message));
  assert.ok(error);
  const fixes = quickFixesFor(error, text);
  assert.equal(fixes[0]!.title, 'Add `path: ./data.csv` under `data:`');
  const fixed = applyFix(text, fixes[0]!);
  assert.match(fixed, /data:\n {2}kind: csv\n {2}column: temp\n {2}window: 5\n {2}path: \.\/data\.csv\n/);
  assert.ok(!errorsOf(file, fixed).some((e) => /no `data.path`/.test(e.message)), 'the missing-key error is gone');
});

test('no fix is offered where the advice is not a single edit', () => {
  const e: ConfigError = { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 5, key: 'data.window', message: 'too long', fix: 'use window ≤ 22, or a longer file', severity: 'error' };
  assert.deepEqual(quickFixesFor(e, 'data:\n  window: 40\n'), []);
  assert.deepEqual(quickFixesFor({ ...e, fix: 'add `testPath: <file or folder>` under `data:`' }, 'data:\n  kind: csv\n'), []);
});
