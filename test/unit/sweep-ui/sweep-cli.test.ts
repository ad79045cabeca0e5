import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promoteCommand } from '../../../src/cli/commands/promote';
import { sweepCommand } from '../../../src/cli/commands/sweep';
import type { CliIO } from '../../../src/cli/io';
import { lineHunks } from '../../../src/core/config/promote';

/** Two tiny adding points (1 epoch each, in this process). */
const TINY = `# a tiny sweep
name: tiny-board
seed: 1
backend: cpu
data: {kind: adding, window: 4, size: 200}
model:
  type: lstm   # the cell (not a swept value: whichever point wins, this line changes)
  layers: [{units: 2}]
training: {epochs: 1, batchSize: 50}
samples: {every: 1, count: 1}
sweep:
  model.type: [rnn, gru]
`;

function io(cwd: string, isTTY: boolean): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd, isTTY, env: {} };
}

test('seqlab sweep on a terminal redraws the leaderboard as points finish; --promote edits only the winning key line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-board-'));
  try {
    const file = path.join(dir, 'tiny.seqlab.yaml');
    fs.writeFileSync(file, TINY);
    const cli = io(dir, true);
    const code = await sweepCommand(['tiny.seqlab.yaml', '--runs-dir', dir, '--promote', '--metric', 'valLoss'], cli);
    const text = cli.out.join('');
    assert.equal(code, 0, text + cli.err.join(''));
    // The first drawing lists both points pending; each finished point erases and redraws it.
    assert.equal((text.match(/\x1b\[\d+A\x1b\[J/g) ?? []).length, 3, text);
    assert.match(text, /1\s+rnn\s+pending/);
    assert.match(text, /<- best valLoss/);
    const winner = /best valLoss: point (\d) \(model\.type=(\w+)\)/.exec(text);
    assert.ok(winner, text);
    const after = fs.readFileSync(file, 'utf8');
    assert.deepEqual(lineHunks(TINY, after), [{ startLine: 6, deleteCount: 1, lines: [`  type: ${winner[2]}    # the cell (not a swept value: whichever point wins, this line changes)`] }]);
    assert.match(text, new RegExp(`line 7: model\\.type: lstm -> ${winner[2]}`));
    // --json: a rerun skips both points and still names the winner in sweep-end.
    const j = io(dir, false);
    await sweepCommand(['tiny.seqlab.yaml', '--runs-dir', dir, '--json'], j);
    const end = JSON.parse(j.out.join('').trim().split('\n').at(-1) ?? '{}') as { type?: string; best?: { index: number; metric: string } };
    assert.equal(end.type, 'sweep-end');
    assert.deepEqual([end.best?.index, end.best?.metric], [Number(winner[1]), 'valLoss']);
    // `seqlab promote` finds the same sweep and winner from the run folders.
    fs.writeFileSync(file, TINY);
    const p = io(dir, false);
    assert.equal(await promoteCommand(['--runs-dir', dir, '--dry-run'], p), 0, p.err.join(''));
    const ptext = p.out.join('');
    assert.match(ptext, /sweep tiny-board-[0-9a-f]{8} \(2 points\)/);
    assert.match(ptext, new RegExp(`would set model\\.type to "${winner[2]}" \\(line 7\\)`));
    assert.equal(fs.readFileSync(file, 'utf8'), TINY, 'dry run writes nothing');
    const none = io(dir, false);
    assert.equal(await promoteCommand(['nope', '--runs-dir', dir], none), 2);
    assert.match(none.err.join(''), /no sweep matches 'nope'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
