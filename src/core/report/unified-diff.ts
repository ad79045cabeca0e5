/**
 * A unified diff of two small texts (resolved configs are a few dozen lines), the format `git diff`
 * and `diff -u` print and PR reviewers read: `--- a`, `+++ b`, `@@ -l,n +l,n @@` hunks with
 * `context` unchanged lines around each change. Longest common subsequence by dynamic programming:
 * O(n·m) time and memory, fine up to a few thousand lines. Pure.
 */

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

export function unifiedDiff(aText: string, bText: string, aLabel: string, bLabel: string, context = 3): string {
  const a = splitLines(aText);
  const b = splitLines(bText);
  const ops = lineOps(a, b);
  if (!ops.some((o) => o.kind !== ' ')) return '';
  const out = [`--- ${aLabel}`, `+++ ${bLabel}`];
  for (const hunk of hunks(ops, context)) {
    const first = hunk[0] as Op;
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    // Line numbers are 1-based; an empty side is written as "l,0" with l the line before it.
    const aStart = aCount ? first.a + 1 : first.a;
    const bStart = bCount ? first.b + 1 : first.b;
    out.push(`@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
  }
  return `${out.join('\n')}\n`;
}

/** "l,n", or just "l" for one line (as GNU diff writes it). */
function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}

function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The edit script: every line of a and b once, as kept, removed or added. `a`/`b` = index before the op. */
function lineOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => lcs[i * (m + 1) + j] as number;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] as string, a: i, b: j });
      i++;
      j++;
    } else if (j < m && (i === n || at(i, j + 1) >= at(i + 1, j))) {
      ops.push({ kind: '+', line: b[j] as string, a: i, b: j });
      j++;
    } else {
      ops.push({ kind: '-', line: a[i] as string, a: i, b: j });
      i++;
    }
  }
  return reorderRemovalsFirst(ops);
}

/** Within a run of changes, removals before additions (as diff -u prints them). */
function reorderRemovalsFirst(ops: Op[]): Op[] {
  const out: Op[] = [];
  let k = 0;
  while (k < ops.length) {
    if ((ops[k] as Op).kind === ' ') {
      out.push(ops[k] as Op);
      k++;
      continue;
    }
    const run: Op[] = [];
    while (k < ops.length && (ops[k] as Op).kind !== ' ') run.push(ops[k++] as Op);
    const start = run[0] as Op;
    const removed = run.filter((o) => o.kind === '-');
    const added = run.filter((o) => o.kind === '+');
    // Recompute the "before" indices so hunk headers stay right after reordering.
    removed.forEach((o, x) => out.push({ ...o, a: start.a + x, b: start.b }));
    added.forEach((o, x) => out.push({ ...o, a: start.a + removed.length, b: start.b + x }));
  }
  return out;
}

/** Groups changes with `context` lines around them; changes closer than 2·context share a hunk. */
function hunks(ops: Op[], context: number): Op[][] {
  const changed = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  const groups: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const k of changed) {
    if (start >= 0 && k - end <= 2 * context) {
      end = k;
      continue;
    }
    if (start >= 0) groups.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
    start = k;
    end = k;
  }
  if (start >= 0) groups.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
  return groups;
}
