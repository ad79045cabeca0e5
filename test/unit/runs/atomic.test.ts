import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../../src/core/runs';
import { tempDir } from './tmp';

test('writeFileAtomic replaces the whole file and leaves no temp file', () => {
  const d = tempDir();
  const f = path.join(d, 'meta.json');
  fs.writeFileSync(f, 'old content that is longer than the new one');
  writeFileAtomic(f, 'new');
  assert.equal(fs.readFileSync(f, 'utf8'), 'new');
  writeJsonAtomic(f, { a: 1 });
  assert.deepEqual(JSON.parse(fs.readFileSync(f, 'utf8')), { a: 1 });
  writeFileAtomic(f, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...fs.readFileSync(f)], [1, 2, 3]);
  assert.deepEqual(fs.readdirSync(d), ['meta.json']);
});

test('a rename refused while a reader holds the file (Windows EPERM/EBUSY) is retried', () => {
  const d = tempDir();
  const f = path.join(d, 'meta.json');
  let refusals = 0;
  const real = fs.renameSync;
  const m = mock.method(fs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
    if (refusals < 3) {
      refusals++;
      throw Object.assign(new Error('EPERM: operation not permitted, rename'), { code: refusals === 2 ? 'EBUSY' : 'EPERM' });
    }
    real(from, to);
  });
  try {
    writeJsonAtomic(f, { ok: true });
  } finally {
    m.mock.restore();
  }
  assert.equal(refusals, 3);
  assert.deepEqual(JSON.parse(fs.readFileSync(f, 'utf8')), { ok: true });
  assert.deepEqual(fs.readdirSync(d), ['meta.json']);
});

test('a rename that keeps failing throws, keeps the old file and removes the temp file', () => {
  const d = tempDir();
  const f = path.join(d, 'meta.json');
  fs.writeFileSync(f, 'old');
  const m = mock.method(fs, 'renameSync', () => {
    throw Object.assign(new Error('EBUSY'), { code: 'EBUSY' });
  });
  try {
    assert.throws(() => writeFileAtomic(f, 'new'), /EBUSY/);
  } finally {
    m.mock.restore();
  }
  assert.equal(fs.readFileSync(f, 'utf8'), 'old');
  assert.deepEqual(fs.readdirSync(d), ['meta.json']);
});

test('other errors are not retried', () => {
  const d = tempDir();
  let calls = 0;
  const m = mock.method(fs, 'renameSync', () => {
    calls++;
    throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' });
  });
  try {
    assert.throws(() => writeFileAtomic(path.join(d, 'x'), 'y'), /EXDEV/);
  } finally {
    m.mock.restore();
  }
  assert.equal(calls, 1);
});
