/** `seqlab validate` output contract: summary lines, --json shape, usage errors, warnings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, tempFiles } from './helpers';

test('clean files: "ok: N files valid", exit 0', async () => {
  const r = await cli(['validate', 'test/fixtures/config/valid/minimal.seqlab.yaml', 'test/fixtures/config/valid/child.seqlab.yaml']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'ok: 2 files valid\n');
});

test('--json prints one JSON object and nothing else', async () => {
  const r = await cli(['validate', '--json', 'test/fixtures/config/valid/minimal.seqlab.yaml', 'test/fixtures/config/broken/bad-enum.seqlab.yaml']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout) as { files: Array<{ file: string; ok: boolean; errors: Array<Record<string, unknown>> }> };
  assert.equal(out.files.length, 2);
  assert.deepEqual(out.files[0], { file: 'test/fixtures/config/valid/minimal.seqlab.yaml', ok: true, errors: [] });
  assert.equal(out.files[1]?.ok, false);
  const e = out.files[1]?.errors[0];
  assert.equal(e?.line, 4);
  assert.equal(e?.column, 9);
  assert.equal(e?.key, 'model.type');
  assert.equal(e?.severity, 'error');
  assert.equal(typeof e?.fix, 'string');
});

test('no file, or an unknown option, is a usage error (exit 2)', async () => {
  const none = await cli(['validate']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /give at least one experiment file/);
  const bogus = await cli(['validate', '--bogus', 'x.yaml']);
  assert.equal(bogus.code, 2);
  assert.match(bogus.stderr, /Unknown option '--bogus'/);
});

test('warnings are printed but do not fail; paths are relative to the working directory', async () => {
  const t = tempFiles({ 'exp/w.seqlab.yaml': 'data: {kind: sine, path: ./ignored.csv}\n' });
  try {
    const r = await cli(['validate', 'exp/w.seqlab.yaml'], t.dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^exp\/w\.seqlab\.yaml:1:20: warning: data\.path: `path` is ignored: kind `sine` generates its data\n {2}fix: /);
    assert.match(r.stdout, /ok: 1 file valid, 1 warning\n$/);
  } finally {
    t.cleanup();
  }
});
