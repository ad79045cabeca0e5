/**
 * The commit checked out in a git repository, read from the files (no `git` process: it may not be
 * installed, and spawning from the extension host is slow). Handles `.git` as a folder or as a
 * `gitdir:` file (worktrees, submodules), detached HEADs, loose refs and packed-refs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findGitRoot } from './root';

export interface GitInfo {
  commit: string;
  branch?: string;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export function readGitInfo(startDir: string): GitInfo | undefined {
  try {
    const top = findGitRoot(startDir);
    if (!top) return undefined;
    const gitDir = resolveGitDir(path.join(top, '.git'));
    if (!gitDir) return undefined;
    const commonDir = readCommonDir(gitDir);
    const head = readText(path.join(gitDir, 'HEAD'))?.trim();
    if (!head) return undefined;
    if (SHA.test(head)) return { commit: head };
    const m = /^ref:\s*(\S+)$/.exec(head);
    if (!m || !m[1]) return undefined;
    const ref = m[1];
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
    const commit = readRef(gitDir, commonDir, ref);
    return commit ? { commit, ...(branch ? { branch } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

function resolveGitDir(dotGit: string): string | undefined {
  const st = fs.statSync(dotGit, { throwIfNoEntry: false });
  if (!st) return undefined;
  if (st.isDirectory()) return dotGit;
  const m = /^gitdir:\s*(.+)$/m.exec(readText(dotGit) ?? '');
  return m && m[1] ? path.resolve(path.dirname(dotGit), m[1].trim()) : undefined;
}

/** Worktrees keep refs in the main repository's folder, named by the `commondir` file. */
function readCommonDir(gitDir: string): string {
  const rel = readText(path.join(gitDir, 'commondir'))?.trim();
  return rel ? path.resolve(gitDir, rel) : gitDir;
}

function readRef(gitDir: string, commonDir: string, ref: string): string | undefined {
  for (const dir of [gitDir, commonDir]) {
    const loose = readText(path.join(dir, ...ref.split('/')))?.trim();
    if (loose && SHA.test(loose)) return loose;
  }
  const packed = readText(path.join(commonDir, 'packed-refs')) ?? '';
  for (const line of packed.split('\n')) {
    const [sha, name] = line.trim().split(/\s+/);
    if (name === ref && sha && SHA.test(sha)) return sha;
  }
  return undefined;
}

function readText(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
