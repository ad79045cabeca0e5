/**
 * The editor validates on every keystroke, so half-typed files are the normal case: whatever the
 * text, loadExperiment returns errors with real positions and never throws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadExperiment } from '../../../src/core/config';
import { Rng } from '../../../src/core/util/rng';
import { fixture } from './helpers';
import { MAX_SYNTAX_ERRORS } from '../../../src/core/config/yaml-file';

const SOURCES = ['valid/child.seqlab.yaml', 'valid/bases/common.yaml', 'broken/many-errors.seqlab.yaml'].map((f) => fs.readFileSync(fixture(f), 'utf8'));
const NOISE = ['\t', ' ', '\n', ':', '-', '[', ']', '{', '}', '"', "'", '#', '&a', '*a', '!!str', 'x', '0', '-1', 'null', '|', '>', ',', '?', '%', '@', '`', '\u00e9'];

/** A few random edits: delete a span, insert noise, duplicate a line. */
function mutate(text: string, rng: Rng): string {
  let t = text;
  const edits = 1 + rng.int(4);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(t.length + 1);
    const kind = rng.int(3);
    if (kind === 0) t = t.slice(0, at) + t.slice(at + 1 + rng.int(6));
    else if (kind === 1) t = t.slice(0, at) + (NOISE[rng.int(NOISE.length)] as string) + t.slice(at);
    else {
      const lines = t.split('\n');
      const l = rng.int(lines.length);
      lines.splice(l, 0, lines[l] as string);
      t = lines.join('\n');
    }
  }
  return t;
}

test('300 randomly broken files: never a throw, every error has a position inside the file and a message', () => {
  const rng = new Rng(20261125);
  const file = fixture('valid/mutated.seqlab.yaml'); // never written: the text comes from readFile
  let invalid = 0;
  for (let i = 0; i < 300; i++) {
    const text = mutate(SOURCES[i % SOURCES.length] as string, rng);
    const lineCount = text.split('\n').length;
    const r = loadExperiment(file, { readFile: (p) => (p === file ? text : undefined) });
    if (r.ok) continue;
    invalid++;
    for (const e of r.errors) {
      const where = `case ${i}:\n${text}\n→ ${e.line}:${e.column} ${e.message}`;
      assert.ok(e.message.length > 0, where);
      if (e.file !== file) continue; // an error in the (unmutated) base file
      assert.ok(e.line >= 1 && e.line <= lineCount + 1, where);
      assert.ok(e.column >= 1, where);
      assert.ok(e.endLine > e.line || (e.endLine === e.line && e.endColumn >= e.column), where);
    }
  }
  assert.ok(invalid > 100, `only ${invalid} of 300 mutations were invalid: the mutator is too gentle to test anything`);
});

test('one syntax mistake that confuses the rest of the file gives a few errors, not a flood', () => {
  const file = fixture('valid/flood.seqlab.yaml');
  const text = 'data:\n kind: sine\n  window: 3\n   length: 9\n    noise: 1\n     size: 2\n      horizon: 1\n       tokens: char\n';
  const r = loadExperiment(file, { readFile: (p) => (p === file ? text : undefined) });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.ok(r.errors.length <= MAX_SYNTAX_ERRORS + 1, r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  assert.equal(new Set(r.errors.map((e) => e.line)).size, r.errors.length - (r.errors.length > MAX_SYNTAX_ERRORS ? 1 : 0), 'one error per line');
});

test('Windows line endings and a byte-order mark keep the positions right', () => {
  const file = fixture('valid/crlf.seqlab.yaml');
  const text = '\ufeffdata:\r\n  kind: sine\r\nmodel:\r\n  layers:\r\n    - units: -2\r\n';
  const r = loadExperiment(file, { readFile: (p) => (p === file ? text : undefined) });
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.errors.map((e) => `${e.line}:${e.column} ${e.key}`), ['5:14 model.layers.0.units']);
});
