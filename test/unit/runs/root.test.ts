import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureRunsDir, findRunsRoot, runsDirOf } from '../../../src/core/runs';
import { tempDir } from './tmp';

function touch(p: string, text = ''): string {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

test('--runs-dir / setting wins, resolved against cwd', () => {
  const d = tempDir();
  const yaml = touch(path.join(d, 'proj/exp/a.seqlab.yaml'));
  fs.mkdirSync(path.join(d, 'proj/.seqlab'));
  assert.equal(findRunsRoot(yaml, { runsDir: path.join(d, 'elsewhere') }), path.join(d, 'elsewhere'));
  assert.equal(findRunsRoot(yaml, { runsDir: 'rel', cwd: d }), path.join(d, 'rel'));
});

test('nearest ancestor with .seqlab/ wins over the git root', () => {
  const d = tempDir();
  fs.mkdirSync(path.join(d, 'repo/.git'), { recursive: true });
  fs.mkdirSync(path.join(d, 'repo/sub/.seqlab'), { recursive: true });
  const yaml = touch(path.join(d, 'repo/sub/deep/x.seqlab.yaml'));
  assert.equal(findRunsRoot(yaml), path.join(d, 'repo/sub'));
});

test('else the git repository root (.git as folder or as a worktree file)', () => {
  const d = tempDir();
  fs.mkdirSync(path.join(d, 'repo/.git'), { recursive: true });
  assert.equal(findRunsRoot(touch(path.join(d, 'repo/a/b/x.yaml'))), path.join(d, 'repo'));
  touch(path.join(d, 'wt/.git'), 'gitdir: ../repo/.git/worktrees/wt\n');
  assert.equal(findRunsRoot(touch(path.join(d, 'wt/e/x.yaml'))), path.join(d, 'wt'));
});

test("else the YAML's own folder; relative paths resolve against cwd", () => {
  const d = tempDir();
  touch(path.join(d, 'plain/e/x.yaml'));
  // tmpdir itself is not inside a git repository on test machines; guard so the test states its assumption.
  const expected = path.join(d, 'plain/e');
  const got = findRunsRoot('plain/e/x.yaml', { cwd: d });
  if (got !== expected) assert.fail(`expected ${expected}, got ${got} (is ${d} inside a git repository or a folder with .seqlab/?)`);
});

test('creating .seqlab/ writes .seqlab/.gitignore ignoring runs/, and never overwrites an edited one', () => {
  const d = tempDir();
  const runs = ensureRunsDir(d);
  assert.equal(runs, runsDirOf(d));
  assert.ok(fs.statSync(runs).isDirectory());
  const gi = fs.readFileSync(path.join(d, '.seqlab/.gitignore'), 'utf8');
  assert.match(gi, /^runs\/$/m);
  fs.writeFileSync(path.join(d, '.seqlab/.gitignore'), 'custom\n');
  ensureRunsDir(d);
  assert.equal(fs.readFileSync(path.join(d, '.seqlab/.gitignore'), 'utf8'), 'custom\n');
  // A .seqlab/ made by someone else (no .gitignore): left as the user made it.
  const e = tempDir();
  fs.mkdirSync(path.join(e, '.seqlab'));
  ensureRunsDir(e);
  assert.equal(fs.existsSync(path.join(e, '.seqlab/.gitignore')), false);
});
