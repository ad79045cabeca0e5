/**
 * The folder layout of `data.kind: audio`: one sub-folder per label under `path` (and `testPath`),
 * WAV files inside. A file's speaker is the part of its name before the first `_` (`alice_3.wav` →
 * `alice`); a name without `_` is its own speaker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../types';

export interface Clip {
  /** Absolute path. */
  file: string;
  /** Path relative to the data folder, with `/` (shown in samples). */
  rel: string;
  label: string;
  speaker: string;
}

export function speakerOf(fileName: string): string {
  const base = path.basename(fileName).replace(/\.wav$/i, '');
  const cut = base.indexOf('_');
  return cut > 0 ? base.slice(0, cut) : base;
}

/** Labels sorted with numbers in numeric order ("2" before "10"), then the clips, label by label. */
export function listClips(folder: string, key: 'data.path' | 'data.testPath'): { labels: string[]; clips: Clip[] } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    throw new DataError(`no such folder: ${folder}`, key, 'point it at a folder with one sub-folder of .wav files per label');
  }
  if (!stat.isDirectory()) {
    throw new DataError(`${folder} is a file; kind audio reads a folder with one sub-folder per label`, key, 'e.g. clips/yes/*.wav, clips/no/*.wav and path: ./clips');
  }
  const labels = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const clips: Clip[] = [];
  for (const label of labels) {
    const files = fs
      .readdirSync(path.join(folder, label))
      .filter((f) => /\.wav$/i.test(f) && !f.startsWith('.'))
      .sort();
    if (files.length === 0) throw new DataError(`the label folder ${path.join(folder, label)} holds no .wav files`, key, 'add clips to it or remove the folder');
    for (const f of files) clips.push({ file: path.join(folder, label, f), rel: `${label}/${f}`, label, speaker: speakerOf(f) });
  }
  if (labels.length < 2) {
    throw new DataError(
      `${folder} has ${labels.length === 0 ? 'no label sub-folders' : `only one label folder (${labels[0]})`}: classification needs at least two`,
      key,
      'put the .wav files of each class in its own sub-folder, named after the label',
    );
  }
  return { labels, clips };
}
