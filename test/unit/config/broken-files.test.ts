/**
 * The "Done when": `seqlab validate` on six kinds of broken file prints each problem with
 * file:line and a fix and exits 2. Driven through the CLI in-process, from the repo root.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers';

const dir = 'test/fixtures/config/broken';

/** [fixture, expected "file:line:col: error: key" prefix, words the message must contain, words of the fix] */
const CASES: Array<[string, string, RegExp, RegExp]> = [
  ['unknown-key', `${dir}/unknown-key.seqlab.yaml:6:7: error: model.layers.0.unit: `, /unknown key `unit`.*did you mean `units`/, /rename it to `units`/],
  ['wrong-type', `${dir}/wrong-type.seqlab.yaml:4:11: error: training.epochs: `, /expected a whole number, got the string `twenty`/, /whole number, e\.g\. `epochs: 20`/],
  ['bad-enum', `${dir}/bad-enum.seqlab.yaml:4:9: error: model.type: `, /`lstn` is not one of `rnn`, `lstm`, `gru`, `seq2seq` \(did you mean `lstm`\?\)/, /use `lstm`/],
  ['negative-units', `${dir}/negative-units.seqlab.yaml:6:14: error: model.layers.0.units: `, /must be at least 1, got -8/, /set units to a value at least 1/],
  ['yaml-syntax', `${dir}/yaml-syntax.seqlab.yaml:5:11: error: `, /YAML: this `\[` is never closed/, /close it with `\]`/],
  ['cycle-a', `${dir}/cycle-b.seqlab.yaml:2:10: error: extends: `, /extends cycle: cycle-a\.seqlab\.yaml → cycle-b\.seqlab\.yaml → cycle-a\.seqlab\.yaml/, /remove this `extends`/],
];

for (const [name, prefix, message, fix] of CASES) {
  test(`validate ${name}: file:line:col, message and fix; exit 2`, async () => {
    const r = await cli(['validate', `${dir}/${name}.seqlab.yaml`]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith(prefix));
    assert.ok(at >= 0, `expected a line starting with\n  ${prefix}\ngot:\n${r.stdout}`);
    assert.match(lines[at] as string, message);
    assert.match(lines[at + 1] as string, /^ {2}fix: /);
    assert.match(lines[at + 1] as string, fix);
    assert.match(r.stdout, /1 error in 1 of 1 file\n$/);
  });
}

test('validate reports every error of a file at once, in line order', async () => {
  const r = await cli(['validate', `${dir}/many-errors.seqlab.yaml`]);
  assert.equal(r.code, 2);
  const heads = r.stdout.split('\n').filter((l) => l.includes(': error: '));
  assert.deepEqual(
    heads.map((l) => l.split(': error: ')[0]),
    [3, 4, 6, 8].map((line, i) => `${dir}/many-errors.seqlab.yaml:${line}:${[9, 3, 20, 41][i]}`),
  );
  assert.match(heads[0] as string, /did you mean `noisy-sine`/);
  assert.match(heads[1] as string, /unknown key `windw`.*did you mean `window`/);
  assert.match(r.stdout, /4 errors in 1 of 1 file/);
});

test('tab indentation is an error at its line with a fix', async () => {
  const r = await cli(['validate', `${dir}/tabs.seqlab.yaml`]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, new RegExp(`^${dir}/tabs\\.seqlab\\.yaml:4:1: error: YAML: Tabs are not allowed as indentation\n  fix: indent with spaces`, 'm'));
});

test('an error in a base file names the base file and its line', async () => {
  const r = await cli(['validate', `${dir}/base-has-error.seqlab.yaml`]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^test\/fixtures\/config\/valid\/bases\/typo-base\.yaml:4:3: error: training\.epoch: unknown key `epoch` .*did you mean `epochs`/m);
});

test('semantic check: a series too short for its window says so with numbers', async () => {
  const r = await cli(['validate', `${dir}/short-series.seqlab.yaml`]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /short-series\.seqlab\.yaml:5:11: error: data\.window: window 80 \+ horizon 1 = 81 points per example, but the training part of the series has 80 points \(length 100 × split\.train 0\.8\): that gives 0 training windows/);
  assert.match(r.stdout, /fix: lower window to at most 70, or raise length to at least 113/);
});

test('several files: valid ones and broken ones, one summary, exit 2', async () => {
  const r = await cli(['validate', 'test/fixtures/config/valid/minimal.seqlab.yaml', `${dir}/bad-enum.seqlab.yaml`, `${dir}/wrong-type.seqlab.yaml`]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /2 errors in 2 of 3 files\n$/);
});
