/**
 * Where runs live: `<root>/.seqlab/runs/<run-id>/`. One rule, shared by the CLI and the extension
 * (DESIGN.md "The run folder"):
 *   1. `--runs-dir` / the `seqlab.runsDirectory` setting, when given, IS the root;
 *   2. else the nearest ancestor folder of the experiment file that already has `.seqlab/`;
 *   3. else the root of the git repository holding it (a `.git` folder, or a `.git` file for
 *      worktrees and submodules);
 *   4. else the experiment file's own folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUNS_SUBDIR, SEQLAB_DIR } from './format';

export interface FindRunsRootOptions {
  /** `--runs-dir` or the `seqlab.runsDirectory` setting; relative paths resolve against `cwd`. */
  runsDir?: string;
  cwd?: string;
}

export function findRunsRoot(experimentFile: string, opts: FindRunsRootOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.runsDir && opts.runsDir.trim() !== '') return path.resolve(cwd, opts.runsDir);
  const start = path.dirname(path.resolve(cwd, experimentFile));
  return findRootFromDir(start);
}

/** Rules 2-4 starting at a folder (used by `seqlab runs list DIR` as well). */
export function findRootFromDir(startDir: string): string {
  const start = path.resolve(startDir);
  const withSeqlab = findAncestor(start, (dir) => isDirectory(path.join(dir, SEQLAB_DIR)));
  if (withSeqlab) return withSeqlab;
  const gitRoot = findGitRoot(start);
  if (gitRoot) return gitRoot;
  return start;
}

/** The folder holding `.git` (folder or file), walking up from `startDir`. */
export function findGitRoot(startDir: string): string | undefined {
  return findAncestor(path.resolve(startDir), (dir) => fs.existsSync(path.join(dir, '.git')));
}

/** `<root>/.seqlab/runs`. */
export function runsDirOf(root: string): string {
  return path.join(root, SEQLAB_DIR, RUNS_SUBDIR);
}

const GITIGNORE_TEXT = `# Written by Sequence Lab. Run folders are large and personal; configs (and, if you want,
# summaries copied elsewhere) are what a team commits.
runs/
`;

/** Creates `<root>/.seqlab/runs/`, writing `.seqlab/.gitignore` when `.seqlab/` is new. Returns the runs folder. */
export function ensureRunsDir(root: string): string {
  const seqlab = path.join(root, SEQLAB_DIR);
  if (!isDirectory(seqlab)) {
    fs.mkdirSync(root, { recursive: true });
    let created = true;
    try {
      fs.mkdirSync(seqlab);
    } catch (err) {
      // Another run created it a moment ago: that one writes the .gitignore.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      created = false;
    }
    // Only when `.seqlab/` is new: a team that removed or edited the file meant it.
    if (created) fs.writeFileSync(path.join(seqlab, '.gitignore'), GITIGNORE_TEXT);
  }
  const runs = path.join(seqlab, RUNS_SUBDIR);
  fs.mkdirSync(runs, { recursive: true });
  return runs;
}

function findAncestor(start: string, test: (dir: string) => boolean): string | undefined {
  let dir = start;
  for (;;) {
    if (test(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
