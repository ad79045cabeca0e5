/**
 * A melody on a time grid: notes with a MIDI pitch (60 = middle C = C4), a start and a duration in
 * grid steps. Pitch names use sharps (C4, C#4, ... B4); octave numbers follow the MIDI convention in
 * which 60 is C4.
 */

export interface GridNote {
  /** MIDI note number, 0-127. */
  pitch: number;
  /** Start in grid steps from the beginning of the piece. */
  start: number;
  /** Length in grid steps, at least 1. */
  duration: number;
}

const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
const LETTER: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** 60 → "C4", 61 → "C#4". */
export function pitchName(pitch: number): string {
  return `${NAMES[((pitch % 12) + 12) % 12]}${Math.floor(pitch / 12) - 1}`;
}

/** "C4" → 60, "F#3" → 54, "Bb4" → 70; undefined when it is not a pitch name. */
export function parsePitch(name: string): number | undefined {
  const m = /^([A-Ga-g])([#b]?)(-?\d)$/.exec(name.trim());
  if (!m) return undefined;
  const base = LETTER[(m[1] as string).toUpperCase()] as number;
  const accidental = m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0;
  const pitch = (Number(m[3]) + 1) * 12 + base + accidental;
  return pitch >= 0 && pitch <= 127 ? pitch : undefined;
}

/**
 * Reduces any set of notes to one melodic line, the rule of `data.midi`: notes starting together
 * (a chord) keep the highest (the tune usually sits on top); a note still sounding when the next one
 * starts is cut there; zero-length notes are dropped. Sorted by start.
 */
export function monophonic(notes: readonly GridNote[]): GridNote[] {
  const byStart = new Map<number, GridNote>();
  for (const n of notes) {
    if (n.duration < 1) continue;
    const prev = byStart.get(n.start);
    if (!prev || n.pitch > prev.pitch) byStart.set(n.start, n);
  }
  const sorted = [...byStart.values()].sort((a, b) => a.start - b.start);
  return sorted.map((n, i) => {
    const next = sorted[i + 1];
    const end = next ? Math.min(n.start + n.duration, next.start) : n.start + n.duration;
    return { pitch: n.pitch, start: n.start, duration: end - n.start };
  });
}
