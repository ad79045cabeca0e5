/**
 * Melody ↔ tokens, one token per event (the rule stated in the `data.midi` hover):
 *   - a note is `<pitch name>:<steps>`, e.g. `E4:4` (E4 held for 4 grid steps);
 *   - a silence between notes (and before the first one) is a rest `R:<steps>`;
 *   - anything longer than `maxDuration` steps is split: a rest into several rests, a note into the
 *     note plus tie tokens `+:<steps>` that lengthen the event before them (so a long note stays one
 *     note, and the round trip notes → tokens → notes is exact on the grid).
 * The input is reduced to one line first (`monophonic`: chords keep their top note).
 */
import { monophonic, parsePitch, pitchName, type GridNote } from './notes';

export const REST = 'R';
export const TIE = '+';

export function notesToTokens(notes: readonly GridNote[], maxDuration: number): string[] {
  const out: string[] = [];
  const push = (head: string, steps: number, continuation: string): void => {
    let left = steps;
    let first = true;
    while (left > 0) {
      const d = Math.min(left, maxDuration);
      out.push(`${first ? head : continuation}:${d}`);
      first = false;
      left -= d;
    }
  };
  let t = 0;
  for (const n of monophonic(notes)) {
    if (n.start > t) push(REST, n.start - t, REST);
    push(pitchName(n.pitch), n.duration, TIE);
    t = n.start + n.duration;
  }
  return out;
}

/** One token read back: a note, a rest, a tie, or undefined for anything else (e.g. `<unk>`). */
export function parseToken(token: string): { kind: 'note'; pitch: number; steps: number } | { kind: 'rest' | 'tie'; steps: number } | undefined {
  const m = /^(.+):(\d+)$/.exec(token);
  if (!m) return undefined;
  const steps = Number(m[2]);
  if (!(steps >= 1)) return undefined;
  if (m[1] === REST) return { kind: 'rest', steps };
  if (m[1] === TIE) return { kind: 'tie', steps };
  const pitch = parsePitch(m[1] as string);
  return pitch === undefined ? undefined : { kind: 'note', pitch, steps };
}

/**
 * Tokens → notes. Unknown tokens are skipped; a tie lengthens the note or rest before it (a tie with
 * nothing before it, as a generated piece may start, is a rest).
 */
export function tokensToNotes(tokens: readonly string[]): GridNote[] {
  const notes: GridNote[] = [];
  let t = 0;
  let lastWasNote = false;
  for (const token of tokens) {
    const p = parseToken(token);
    if (!p) continue;
    if (p.kind === 'note') {
      notes.push({ pitch: p.pitch, start: t, duration: p.steps });
      lastWasNote = true;
    } else if (p.kind === 'tie' && lastWasNote) {
      (notes[notes.length - 1] as GridNote).duration += p.steps;
    } else {
      lastWasNote = false;
    }
    t += p.steps;
  }
  return notes;
}

/** Tokens as sample text: space separated, e.g. "E4:4 E4:4 F4:4 G4:4". */
export function tokensText(tokens: readonly string[]): string {
  return tokens.join(' ');
}

/** Shifts every note token by `semitones` (rests and ties unchanged); undefined when a pitch leaves 0-127. */
export function transposeTokens(tokens: readonly string[], semitones: number): string[] | undefined {
  const out: string[] = [];
  for (const token of tokens) {
    const p = parseToken(token);
    if (p?.kind !== 'note') {
      out.push(token);
      continue;
    }
    const q = p.pitch + semitones;
    if (q < 0 || q > 127) return undefined;
    out.push(`${pitchName(q)}:${p.steps}`);
  }
  return out;
}
