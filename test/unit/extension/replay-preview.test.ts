// A replayed run's Data card: the preview is recomputed from the run's resolved config, equal to the
// one the live start event carried (synthetic kinds regenerate from the recorded seed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadExperiment } from '../../../src/core/config';
import { startPreview } from '../../../src/core/data/preview-event';
import { readRun } from '../../../src/core/runs';
import { replayEvents } from '../../../src/extension/dashboard/replay';
import { replayPreview, MAX_REPLAY_PREVIEW_BYTES } from '../../../src/extension/dashboard/replay-preview';

const RECORDED = path.resolve(__dirname, '../../e2e/fixtures/runs/20261125-164000-sine-next-value-2851');

test('a recorded noisy-sine run replays with the same series preview a live start event carries', () => {
  const data = readRun(RECORDED);
  const start = replayEvents(data)[0]!;
  assert.equal(start.type, 'start');
  if (start.type !== 'start') return;
  assert.ok(start.preview?.series, 'the replayed start event has a series preview');
  // The live preview of the same resolved config (config.yaml) is the reference.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-replay-preview-'));
  try {
    const file = path.join(tmp, 'x.seqlab.yaml');
    fs.writeFileSync(file, data.config!.replace(/^# .*$/gm, ''));
    const loaded = loadExperiment(file);
    assert.ok(loaded.ok, 'config.yaml loads');
    if (!loaded.ok) return;
    assert.deepEqual(start.preview, startPreview(loaded.config, tmp));
    assert.equal(start.preview.series.length, 2000);
    assert.equal(start.preview.examples.length, 3);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a stored preview wins; folder kinds, missing and large files are not recomputed (reason given)', () => {
  const stored = { examples: [{ input: [1], target: [2] }] };
  assert.deepEqual(replayPreview(undefined, undefined, stored), { preview: stored });
  const audio = replayPreview({ data: { kind: 'audio', path: '/nope' } } as never, undefined);
  assert.equal(audio.preview, undefined);
  assert.match(audio.why ?? '', /folder/);
  const missing = replayPreview({ data: { kind: 'csv', path: '/does/not/exist.csv' } } as never, undefined);
  assert.match(missing.why ?? '', /no longer readable/);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-replay-preview-'));
  try {
    const big = path.join(tmp, 'big.txt');
    fs.writeFileSync(big, Buffer.alloc(MAX_REPLAY_PREVIEW_BYTES + 1, 97));
    const r = replayPreview({ data: { kind: 'text', path: big } } as never, undefined);
    assert.equal(r.preview, undefined);
    assert.match(r.why ?? '', /MB/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
