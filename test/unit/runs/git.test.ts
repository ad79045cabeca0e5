import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readGitInfo } from '../../../src/core/runs';
import { tempDir } from './tmp';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

function write(p: string, text: string): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

test('a branch with a loose ref', () => {
  const d = tempDir();
  write(path.join(d, '.git/HEAD'), 'ref: refs/heads/main\n');
  write(path.join(d, '.git/refs/heads/main'), `${A}\n`);
  fs.mkdirSync(path.join(d, 'sub'));
  assert.deepEqual(readGitInfo(path.join(d, 'sub')), { commit: A, branch: 'main' });
});

test('a branch only in packed-refs, and a detached HEAD', () => {
  const d = tempDir();
  write(path.join(d, '.git/HEAD'), 'ref: refs/heads/feature/x\n');
  write(path.join(d, '.git/packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${B} refs/heads/feature/x\n^${C}\n`);
  assert.deepEqual(readGitInfo(d), { commit: B, branch: 'feature/x' });
  write(path.join(d, '.git/HEAD'), `${C}\n`);
  assert.deepEqual(readGitInfo(d), { commit: C });
});

test('a worktree: .git is a file, refs live in the common dir', () => {
  const d = tempDir();
  write(path.join(d, 'main/.git/worktrees/wt/HEAD'), 'ref: refs/heads/wt-branch\n');
  write(path.join(d, 'main/.git/worktrees/wt/commondir'), '../..\n');
  write(path.join(d, 'main/.git/refs/heads/wt-branch'), `${A}\n`);
  write(path.join(d, 'wt/.git'), `gitdir: ${path.join(d, 'main/.git/worktrees/wt')}\n`);
  assert.deepEqual(readGitInfo(path.join(d, 'wt')), { commit: A, branch: 'wt-branch' });
});

test('no repository, or a branch with no commit yet → undefined', () => {
  const d = tempDir();
  assert.equal(readGitInfo(d), undefined);
  write(path.join(d, '.git/HEAD'), 'ref: refs/heads/main\n');
  assert.equal(readGitInfo(d), undefined);
});
