import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findExperiments, globRegex, testCommand } from '../../../src/cli/commands/test';
import { dataCommand } from '../../../src/cli/commands/data';
import type { CliIO } from '../../../src/cli/io';

function io(cwd: string): CliIO & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), cwd, isTTY: false, env: {} };
}

const base = (expect: string): string => `seed: 1
backend: cpu
data: {kind: adding, window: 4, size: 200}
model: {type: rnn, layers: [{units: 4}]}
training: {epochs: 1, batchSize: 50}
${expect}
`;

test('globRegex and findExperiments: folders, files, ** globs; node_modules and .seqlab skipped', () => {
  assert.ok(globRegex('/a/**/*.seqlab.yaml').test('/a/x.seqlab.yaml'));
  assert.ok(globRegex('/a/**/*.seqlab.yaml').test('/a/b/c/x.seqlab.yaml'));
  assert.ok(!globRegex('/a/*.seqlab.yaml').test('/a/b/x.seqlab.yaml'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-find-'));
  try {
    for (const f of ['a.seqlab.yaml', 'sub/b.seqlab.yaml', 'node_modules/c.seqlab.yaml', 'sub/other.yaml']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '');
    }
    const rel = (fs_: string[]) => fs_.map((f) => path.relative(dir, f).replace(/\\/g, '/'));
    assert.deepEqual(rel(findExperiments(['.'], dir)), ['a.seqlab.yaml', 'sub/b.seqlab.yaml']);
    assert.deepEqual(rel(findExperiments(['sub/*.yaml'], dir)), ['sub/b.seqlab.yaml', 'sub/other.yaml']);
    assert.deepEqual(rel(findExperiments(['**/*.seqlab.yaml'], dir)), ['a.seqlab.yaml', 'sub/b.seqlab.yaml']);
    assert.deepEqual(rel(findExperiments(['sub/other.yaml'], dir)), ['sub/other.yaml']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('seqlab test: one line per experiment, files without expect skipped, closing count, exit 1 on a failure', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-test-'));
  try {
    fs.writeFileSync(path.join(dir, 'good.seqlab.yaml'), `name: good\n${base('expect:\n  valLoss: {below: 100}')}`);
    fs.writeFileSync(path.join(dir, 'bad.seqlab.yaml'), `name: bad\n${base('expect:\n  valLoss: {below: 0}')}`);
    fs.writeFileSync(path.join(dir, 'plain.seqlab.yaml'), `name: plain\n${base('')}`);
    fs.writeFileSync(path.join(dir, 'broken.seqlab.yaml'), `name: broken\n${base('expect:\n  valLoss: {below: 1}')}\nmodle: {}\n`);
    const cli = io(dir);
    const code = await testCommand(['.', '--runs-dir', dir], cli);
    const text = cli.out.join('');
    assert.equal(code, 1, text);
    assert.match(text, /^FAIL {2}bad\.seqlab\.yaml {2}NOT valLoss [\d.e-]+ below 0/m);
    assert.match(text, /^FAIL {2}broken\.seqlab\.yaml: invalid experiment file/m);
    assert.match(text, /^PASS {2}good\.seqlab\.yaml {2}valLoss [\d.e-]+ below 100/m);
    assert.match(text, /\(1 file without expect: not trained\)/);
    assert.match(text, /^1 passed, 2 failed$/m);

    const onlyGood = io(dir);
    assert.equal(await testCommand(['good.seqlab.yaml', '--runs-dir', dir], onlyGood), 0);
    assert.match(onlyGood.out.join(''), /^1 passed, 0 failed$/m);
    assert.equal(await testCommand(['nothing-*.yaml'], io(dir)), 2);
    // --isolate trains in a child process: same verdicts.
    const isolated = io(dir);
    assert.equal(await testCommand(['good.seqlab.yaml', 'bad.seqlab.yaml', '--isolate', '--runs-dir', dir], isolated), 1);
    assert.match(isolated.out.join(''), /^PASS {2}good\.seqlab\.yaml/m);
    assert.match(isolated.out.join(''), /^1 passed, 1 failed$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('seqlab data preview: csv series stats with the missing lines, --json, and data errors exit 1 naming the key', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-preview-'));
  try {
    const co2 = path.resolve(__dirname, '../../../data/mauna-loa-co2-weekly.csv');
    fs.writeFileSync(path.join(dir, 'co2.seqlab.yaml'), `name: co2\ndata: {kind: csv, path: ${JSON.stringify(co2)}, column: co2, dateColumn: date, missing: interpolate, window: 52, period: 52}\n`);
    const human = io(dir);
    assert.equal(await dataCommand(['preview', 'co2.seqlab.yaml'], human), 0);
    const text = human.out.join('');
    assert.match(text, /column 'co2', 2284 values from 2284 rows/);
    assert.match(text, /missing {3}59 empty cells \(lines /);
    assert.match(text, /seasonal naive/);
    const json = io(dir);
    assert.equal(await dataCommand(['preview', 'co2.seqlab.yaml', '--json'], json), 0);
    const p = JSON.parse(json.out.join(''));
    assert.equal(p.series.length, 2284);
    assert.equal(p.series.first[0], 316.1);
    assert.equal(p.examples.length, 3);
    // The default policy stops at the gaps and names the first lines.
    const strict = io(dir);
    assert.equal(await dataCommand(['preview', 'co2.seqlab.yaml', '--set', 'data.missing=error'], strict), 1);
    assert.match(strict.out.join(''), /error: data\.missing: column 'co2' of mauna-loa-co2-weekly\.csv has 59 missing values, on lines \d+/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
