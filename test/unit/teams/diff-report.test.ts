// diff and report: the differing keys and a unified diff of two runs' config.yaml, metrics side by
// side; the report is the Copy-as-Markdown text plus SVG charts beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffCommand } from '../../../src/cli/commands/diff';
import { reportCommand } from '../../../src/cli/commands/report';
import { inflateSync } from 'node:zlib';
import { chartSvg } from '../../../src/core/report/charts/chart';
import { chartPng } from '../../../src/core/report/charts/png';
import { reportRunOf } from '../../../src/core/report/from-run';
import { runsMarkdown } from '../../../src/core/report/markdown';
import { diffRuns } from '../../../src/core/report/run-diff';
import { unifiedDiff } from '../../../src/core/report/unified-diff';
import { readRun } from '../../../src/core/runs';
import { copyFixtureRun, memoryIO, tempDir } from './helpers';

test('unifiedDiff: diff -u hunks with context; empty when equal', () => {
  const a = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
  const b = 'a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\n';
  assert.equal(unifiedDiff(a, b, 'x', 'y', 1), ['--- x', '+++ y', '@@ -3,3 +3,3 @@', ' c', '-d', '+D', ' e', '@@ -10 +10,2 @@', ' j', '+k', ''].join('\n'));
  assert.equal(unifiedDiff(a, a, 'x', 'y'), '');
  assert.equal(unifiedDiff('', 'new\n', 'x', 'y'), '--- x\n+++ y\n@@ -0,0 +1 @@\n+new\n');
});

/** Two run folders: the fixture and a copy whose config says gru with 8 units and lr 0.02. */
function twoRuns(dir: string): [string, string] {
  const a = copyFixtureRun(path.join(dir, 'a'));
  const b = copyFixtureRun(path.join(dir, 'b'));
  const cfg = path.join(b, 'config.yaml');
  fs.writeFileSync(cfg, fs.readFileSync(cfg, 'utf8').replace('type: lstm', 'type: gru').replace('learningRate: 0.01', 'learningRate: 0.02'));
  const sum = path.join(b, 'summary.json');
  const s = JSON.parse(fs.readFileSync(sum, 'utf8'));
  s.final.valLoss = 0.5;
  fs.writeFileSync(sum, JSON.stringify(s));
  return [a, b];
}

test('seqlab diff: differing keys, metrics side by side, unified diff; the core gives the texts for an editor', async () => {
  const t = tempDir();
  try {
    const [a, b] = twoRuns(t.dir);
    const d = diffRuns(readRun(a), readRun(b));
    assert.deepEqual(d.keys.map((k) => [k.key, ...k.values]), [['model.type', 'lstm', 'gru'], ['training.optimizer.learningRate', 0.01, 0.02]]);
    assert.equal(d.left.configFile, path.join(a, 'config.yaml'));
    assert.equal(d.right.configText, fs.readFileSync(path.join(b, 'config.yaml'), 'utf8'));
    assert.deepEqual(d.metrics.find((m) => m.group === 'final' && m.name === 'valLoss')?.right, 0.5);

    const io = memoryIO(t.dir);
    assert.equal(await diffCommand([a, b], io), 0);
    const out = io.text();
    assert.match(out, /Config keys that differ \(2\):/);
    assert.match(out, /model\.type +lstm +gru/);
    assert.match(out, /final valLoss +[\d.]+ +0\.5 +[-+][\d.]+/);
    assert.match(out, /^-  type: lstm$/m);
    assert.match(out, /^\+  type: gru$/m);
    assert.match(out, /^@@ -\d+,\d+ \+\d+,\d+ @@$/m);

    const json = memoryIO(t.dir);
    assert.equal(await diffCommand([a, b, '--json'], json), 0);
    assert.equal(JSON.parse(json.text()).keys.length, 2);
    assert.equal(await diffCommand([a], memoryIO(t.dir)).catch((e: Error) => e.message), 'give two runs (got 1)');
  } finally {
    t.cleanup();
  }
});

test('seqlab report --out: the Copy-as-Markdown text, a Charts section, SVG files beside it', async () => {
  const t = tempDir();
  try {
    const [a, b] = twoRuns(t.dir);
    const out = path.join(t.dir, 'reports', 'pr-42.md');
    const io = memoryIO(t.dir);
    assert.equal(await reportCommand([a, b, '--out', out], io), 0, io.err.join(''));
    const md = fs.readFileSync(out, 'utf8');
    // Same generator as the dashboard's "Copy as Markdown": its text is the report's beginning.
    const copied = runsMarkdown([readRun(a), readRun(b)].map(reportRunOf));
    assert.ok(md.startsWith(copied), 'the report starts with the Copy-as-Markdown text');
    assert.match(md, /### Config differences/);
    for (const name of ['loss', 'grad-norm', 'gradient-through-time']) {
      const svg = path.join(t.dir, 'reports', `pr-42-${name}.svg`);
      assert.ok(fs.existsSync(svg), `${name} written`);
      const text = fs.readFileSync(svg, 'utf8');
      assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(text, /<polyline /);
      assert.match(md, new RegExp(`!\\[[^\\]]+\\]\\(pr-42-${name}\\.svg\\)`));
    }
    // Without --out: Markdown on stdout, no charts.
    const plain = memoryIO(t.dir);
    assert.equal(await reportCommand([a], plain), 0);
    assert.match(plain.text(), /^## Sequence Lab: format-fixture/);
    assert.doesNotMatch(plain.text(), /Charts/);
    assert.equal(await reportCommand([a, '--charts', 'gif', '--out', out], memoryIO(t.dir)).catch((e: Error) => e.message), '--charts must be one of svg, png, none');
    assert.equal(await reportCommand([a, '--charts', 'png', '--out', path.join(t.dir, 'png', 'r.md')], memoryIO(t.dir)), 0);
    assert.match(fs.readFileSync(path.join(t.dir, 'png', 'r.md'), 'utf8'), /!\[Loss\]\(r-loss\.png\)/);
    assert.ok(fs.readFileSync(path.join(t.dir, 'png', 'r-loss.png')).subarray(1, 4).toString() === 'PNG');
  } finally {
    t.cleanup();
  }
});

test('chartSvg: user text is escaped, log axes are labelled at powers of ten, non-positive values left out', () => {
  const svg = chartSvg({ title: 'a <b> & "c"', xLabel: 't', yLabel: 'y', logY: true, series: [{ name: '<script>', points: [[1, 1e-6], [2, 0], [3, 10]] }] });
  assert.doesNotMatch(svg, /<script>|<b>/);
  assert.match(svg, /a &lt;b&gt; &amp; &quot;c&quot;/);
  assert.match(svg, />1e-6</);
  assert.match(svg, />10</);
  const pts = /points="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
  assert.equal(pts.length, 2, 'the zero has no place on a log axis');
});

test('chartPng: a valid PNG at 2× with white ground, the series colour drawn and labels inked', () => {
  const spec = { title: 'Loss', xLabel: 'step', yLabel: 'loss', series: [{ name: 'a', points: [[0, 0], [10, 1]] as Array<[number, number]> }] };
  const png = Buffer.from(chartPng(spec));
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  const w = png.readUInt32BE(16);
  const h = png.readUInt32BE(20);
  assert.deepEqual([w, h], [1280, 640]);
  // Concatenate IDAT chunks, inflate, and look at pixels (filter byte 0 per row).
  const parts: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    if (png.toString('ascii', off + 4, off + 8) === 'IDAT') parts.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(parts));
  const pixel = (x: number, y: number): number[] => [...raw.subarray(y * (w * 4 + 1) + 1 + x * 4, y * (w * 4 + 1) + 1 + x * 4 + 3)];
  assert.deepEqual(pixel(2, 2), [255, 255, 255]);
  const blue = [0x00, 0x72, 0xb2];
  let onLine = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (pixel(x, y).every((v, i) => Math.abs(v - (blue[i] as number)) < 8)) onLine++;
  assert.ok(onLine > 1000, `the series is drawn (${onLine} pixels)`);
  let dark = 0;
  for (let y = 0; y < 60; y++) for (let x = 500; x < 780; x++) if ((pixel(x, y)[0] as number) < 100) dark++;
  assert.ok(dark > 50, 'the title is inked');
});
