/**
 * What copying a shipped example into a workspace means: the example, the files it `extends`, and
 * the data files it reads, keeping their relative layout (so `extends: ./base.yaml` and
 * `path: ../data/x.csv` still point at the right files). Pure file logic, unit-tested in Node.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadExperiment } from '../../core/config';
import { loadChain } from '../../core/config/extends';

export interface CopyStep {
  from: string;
  to: string;
  /** A folder of data (audio clips, MIDI files): copied recursively. */
  folder: boolean;
}

export interface ExamplePlan {
  /** The experiment file as it will be in the target. */
  main: string;
  steps: CopyStep[];
}

function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => path.resolve(p).split(path.sep));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}

export function planExampleCopy(example: string, targetRoot: string): ExamplePlan {
  const chain = loadChain(example).files;
  const files = chain.length ? chain : [example];
  const data: string[] = [];
  const r = loadExperiment(example, { cwd: path.dirname(example) });
  if (r.ok) for (const p of [r.config.data.path, r.config.data.testPath]) if (p && fs.existsSync(p)) data.push(p);
  const all = [...files, ...data];
  const root = commonAncestor(all.map((f) => path.dirname(f)));
  const steps = all.map((from) => ({ from, to: path.join(targetRoot, path.relative(root, from)), folder: fs.statSync(from).isDirectory() }));
  return { main: path.join(targetRoot, path.relative(root, example)), steps };
}

/** A name for the experiment that does not overwrite one already there: x.seqlab.yaml, x-2.seqlab.yaml... */
export function freeName(file: string): string {
  if (!fs.existsSync(file)) return file;
  const m = /^(.*?)(\.seqlab\.ya?ml)$/i.exec(file);
  const [stem, ext] = m ? [m[1] as string, m[2] as string] : [file, ''];
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if (!fs.existsSync(candidate)) return candidate;
  }
}

/**
 * Copies the plan. The experiment never overwrites a file (it gets a free name); its bases and data
 * files are left alone when a file of that name already exists (reported in `kept`).
 */
export function copyExample(plan: ExamplePlan): { main: string; copied: string[]; kept: string[] } {
  const copied: string[] = [];
  const kept: string[] = [];
  let main = plan.main;
  for (const s of plan.steps) {
    let to = s.to;
    if (to === plan.main) {
      to = freeName(to);
      main = to;
    } else if (fs.existsSync(to)) {
      kept.push(to);
      continue;
    }
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (s.folder) fs.cpSync(s.from, to, { recursive: true, errorOnExist: false, force: false });
    else fs.copyFileSync(s.from, to, fs.constants.COPYFILE_EXCL);
    copied.push(to);
  }
  return { main, copied, kept };
}

/** The first comment line after the `# Sequence Lab — ` prefix: what the example is about. */
export function exampleSummary(file: string): string {
  try {
    const first = fs.readFileSync(file, 'utf8').split(/\r?\n/).find((l) => /^#\s*\S/.test(l)) ?? '';
    return first.replace(/^#\s*/, '').replace(/^Sequence Lab\s*[—-]\s*/, '');
  } catch {
    return '';
  }
}
