/**
 * Reading and writing Standard MIDI Files with @tonejs/midi (a maintained parser). Reading picks one
 * track and puts its notes on the grid (`grid` steps per whole note: a step is ppq·4/grid ticks),
 * rounding starts and ends to the nearest step; writing puts grid notes back at 480 ticks per quarter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Midi } from '@tonejs/midi';
import type { GridNote } from './notes';

/** Ticks per quarter note of the files we write (the common default). */
export const WRITE_PPQ = 480;
export const DEFAULT_BPM = 100;

export class MidiReadError extends Error {
  constructor(
    readonly file: string,
    reason: string,
    /** The config key that can fix it: a bad file (`path`) or a wrong track number (`track`). */
    readonly key: 'path' | 'track' = 'path',
  ) {
    super(`${file}: ${reason}`);
    this.name = 'MidiReadError';
  }
}

export interface Melody {
  file: string;
  name: string;
  /** The track that was read (index in file order). */
  track: number;
  notes: GridNote[];
  bpm: number;
}

export interface ReadOptions {
  /** Track index in file order; absent: the track with the most notes. */
  track?: number;
  /** Grid steps per whole note. */
  grid: number;
}

export function parseMidi(bytes: Uint8Array, file: string): Midi {
  if (bytes.length < 14) throw new MidiReadError(file, `not a MIDI file (${bytes.length} bytes; a Standard MIDI File starts with a 14-byte 'MThd' header)`);
  try {
    return new Midi(bytes);
  } catch (err) {
    // The parser throws plain strings ("Bad MIDI file. Expected 'MHdr' ..."), not Errors.
    const reason = err instanceof Error ? err.message : String(err);
    throw new MidiReadError(file, `corrupt or unsupported MIDI file (${reason.trim() || 'the parser gave no reason'})`);
  }
}

export function readMelody(file: string, o: ReadOptions): Melody {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new MidiReadError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const midi = parseMidi(bytes, file);
  const counts = midi.tracks.map((t) => t.notes.length);
  if (counts.every((c) => c === 0)) throw new MidiReadError(file, 'has no notes in any track');
  let track = o.track;
  if (track === undefined) track = counts.indexOf(Math.max(...counts));
  const t = midi.tracks[track];
  if (!t) throw new MidiReadError(file, `has no track ${track} (it has ${midi.tracks.length}: 0-${midi.tracks.length - 1}); set data.midi.track or leave it out for the track with the most notes`, 'track');
  if (t.notes.length === 0) throw new MidiReadError(file, `track ${track} has no notes (tracks with notes: ${counts.flatMap((c, i) => (c > 0 ? [i] : [])).join(', ')})`, 'track');
  const stepTicks = (midi.header.ppq * 4) / o.grid;
  const notes: GridNote[] = [];
  for (const n of t.notes) {
    const start = Math.round(n.ticks / stepTicks);
    const end = Math.round((n.ticks + n.durationTicks) / stepTicks);
    // A note shorter than half a step still sounds: it gets one step.
    notes.push({ pitch: n.midi, start, duration: Math.max(1, end - start) });
  }
  notes.sort((a, b) => a.start - b.start || b.pitch - a.pitch);
  const bpm = midi.header.tempos[0]?.bpm ?? DEFAULT_BPM;
  return { file, name: midi.name || t.name || path.basename(file, path.extname(file)), track, notes, bpm: Math.round(bpm) };
}

/** Grid notes → the bytes of a one-track Standard MIDI File. */
export function writeMelody(notes: readonly GridNote[], o: { grid: number; bpm?: number; name?: string }): Uint8Array {
  const midi = new Midi();
  midi.header.setTempo(o.bpm ?? DEFAULT_BPM);
  if (o.name) midi.name = o.name;
  const track = midi.addTrack();
  track.name = o.name ?? 'melody';
  const stepTicks = (WRITE_PPQ * 4) / o.grid;
  for (const n of notes) track.addNote({ midi: n.pitch, ticks: Math.round(n.start * stepTicks), durationTicks: Math.round(n.duration * stepTicks), velocity: 0.8 });
  return midi.toArray();
}

/** `.mid`/`.midi` files under `dir` (sub-folders too), sorted by path so the order never depends on the OS. */
export function listMidiFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.midi?$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
