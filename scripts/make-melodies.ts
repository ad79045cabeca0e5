/**
 * `npx tsx scripts/make-melodies.ts`: writes data/melodies/*.mid, the melodies `examples/melody`
 * trains on. The tunes are traditional or by composers long dead (public domain); these encodings are
 * our own and CC0 (see data/README.md). One track each, the tune alone, no chords.
 *
 * Notation: `E4:q` = E4 for a quarter note; durations w h q e s (whole ... sixteenth), a trailing `.`
 * dots it (×1.5); `r:q` is a rest; `|` marks bars and is ignored. Written at 480 ticks per quarter,
 * so reading them on the default 16-per-whole-note grid gives exactly these durations.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePitch, type GridNote } from '../src/core/data/midi/notes';
import { writeMelody } from '../src/core/data/midi/read';

const GRID = 16;
const STEPS: Record<string, number> = { w: 16, h: 8, q: 4, e: 2, s: 1 };

interface Tune {
  file: string;
  title: string;
  bpm: number;
  notes: string;
}

export const TUNES: Tune[] = [
  {
    file: 'ode-to-joy.mid',
    title: 'Ode to Joy (Beethoven, 1824)',
    bpm: 110,
    notes: `E4:q E4:q F4:q G4:q | G4:q F4:q E4:q D4:q | C4:q C4:q D4:q E4:q | E4:q. D4:e D4:h |
      E4:q E4:q F4:q G4:q | G4:q F4:q E4:q D4:q | C4:q C4:q D4:q E4:q | D4:q. C4:e C4:h |
      D4:q D4:q E4:q C4:q | D4:q E4:e F4:e E4:q C4:q | D4:q E4:e F4:e E4:q D4:q | C4:q D4:q G3:h |
      E4:q E4:q F4:q G4:q | G4:q F4:q E4:q D4:q | C4:q C4:q D4:q E4:q | D4:q. C4:e C4:h`,
  },
  {
    file: 'frere-jacques.mid',
    title: 'Frère Jacques (traditional)',
    bpm: 100,
    notes: `C4:q D4:q E4:q C4:q | C4:q D4:q E4:q C4:q | E4:q F4:q G4:h | E4:q F4:q G4:h |
      G4:e A4:e G4:e F4:e E4:q C4:q | G4:e A4:e G4:e F4:e E4:q C4:q | C4:q G3:q C4:h | C4:q G3:q C4:h`,
  },
  {
    file: 'twinkle-twinkle.mid',
    title: 'Twinkle, Twinkle, Little Star (traditional)',
    bpm: 100,
    notes: `C4:q C4:q G4:q G4:q | A4:q A4:q G4:h | F4:q F4:q E4:q E4:q | D4:q D4:q C4:h |
      G4:q G4:q F4:q F4:q | E4:q E4:q D4:h | G4:q G4:q F4:q F4:q | E4:q E4:q D4:h |
      C4:q C4:q G4:q G4:q | A4:q A4:q G4:h | F4:q F4:q E4:q E4:q | D4:q D4:q C4:h`,
  },
  {
    file: 'mary-had-a-little-lamb.mid',
    title: 'Mary Had a Little Lamb (traditional)',
    bpm: 100,
    notes: `E4:q D4:q C4:q D4:q | E4:q E4:q E4:h | D4:q D4:q D4:h | E4:q G4:q G4:h |
      E4:q D4:q C4:q D4:q | E4:q E4:q E4:q E4:q | D4:q D4:q E4:q D4:q | C4:w |
      E4:q D4:q C4:q D4:q | E4:q E4:q E4:h | D4:q D4:q D4:h | E4:q G4:q G4:h |
      E4:q D4:q C4:q D4:q | E4:q E4:q E4:q E4:q | D4:q D4:q E4:q D4:q | C4:w`,
  },
  {
    file: 'london-bridge.mid',
    title: 'London Bridge Is Falling Down (traditional)',
    bpm: 110,
    notes: `G4:q. A4:e G4:q F4:q | E4:q F4:q G4:h | D4:q E4:q F4:h | E4:q F4:q G4:h |
      G4:q. A4:e G4:q F4:q | E4:q F4:q G4:h | D4:h G4:h | E4:q C4:h. |
      G4:q. A4:e G4:q F4:q | E4:q F4:q G4:h | D4:q E4:q F4:h | E4:q F4:q G4:h |
      G4:q. A4:e G4:q F4:q | E4:q F4:q G4:h | D4:h G4:h | E4:q C4:h.`,
  },
  {
    file: 'jingle-bells.mid',
    title: 'Jingle Bells, chorus (J. L. Pierpont, 1857)',
    bpm: 120,
    notes: `E4:q E4:q E4:h | E4:q E4:q E4:h | E4:q G4:q C4:q. D4:e | E4:w |
      F4:q F4:q F4:q. F4:e | F4:q E4:q E4:q E4:e E4:e | E4:q D4:q D4:q E4:q | D4:h G4:h |
      E4:q E4:q E4:h | E4:q E4:q E4:h | E4:q G4:q C4:q. D4:e | E4:w |
      F4:q F4:q F4:q F4:q | F4:q E4:q E4:q E4:e E4:e | G4:q G4:q F4:q D4:q | C4:w`,
  },
  {
    file: 'yankee-doodle.mid',
    title: 'Yankee Doodle (traditional)',
    bpm: 110,
    notes: `C4:e C4:e D4:e E4:e | C4:e E4:e D4:e G3:e | C4:e C4:e D4:e E4:e | C4:q B3:q |
      C4:e C4:e D4:e E4:e | F4:e E4:e D4:e C4:e | B3:e G3:e A3:e B3:e | C4:q C4:q |
      A3:e. B3:s A3:e G3:e | A3:e B3:e C4:q | G3:e. A3:s G3:e F3:e | E3:q G3:q |
      A3:e. B3:s A3:e G3:e | A3:e B3:e C4:e A3:e | G3:e C4:e B3:e D4:e | C4:q C4:q`,
  },
  {
    file: 'amazing-grace.mid',
    title: 'Amazing Grace (traditional tune "New Britain")',
    bpm: 80,
    notes: `D4:q | G4:h B4:e G4:e | B4:h A4:q | G4:h E4:q | D4:h D4:q | G4:h B4:e G4:e | B4:h A4:q | D5:h. | D5:h. |
      D5:h B4:q | D5:q. B4:e D5:e B4:e | G4:h D4:q | E4:q. G4:e G4:e E4:e | D4:h D4:q | G4:h B4:e G4:e | B4:h A4:q | G4:h. | G4:h`,
  },
  {
    file: 'greensleeves.mid',
    title: 'Greensleeves (traditional, 16th century)',
    bpm: 100,
    notes: `A4:q | C5:h D5:q | E5:q. F5:e E5:q | D5:h B4:q | G4:q. A4:e B4:q | C5:h A4:q | A4:q. G#4:e A4:q | B4:h G#4:q | E4:h A4:q |
      C5:h D5:q | E5:q. F5:e E5:q | D5:h B4:q | G4:q. A4:e B4:q | C5:q. B4:e A4:q | G#4:q. F#4:e G#4:q | A4:h. | A4:h r:q |
      G5:h. | G5:q. F#5:e E5:q | D5:h B4:q | G4:q. A4:e B4:q | C5:h A4:q | A4:q. G#4:e A4:q | B4:h G#4:q | E4:h. |
      G5:h. | G5:q. F#5:e E5:q | D5:h B4:q | G4:q. A4:e B4:q | C5:q. B4:e A4:q | G#4:q. F#4:e G#4:q | A4:h.`,
  },
  {
    file: 'scarborough-fair.mid',
    title: 'Scarborough Fair (traditional)',
    bpm: 100,
    notes: `D4:h D4:q | A4:h A4:q | E4:q. F4:e E4:q | D4:h. | r:q A4:q C5:q | D5:h C5:q | A4:q B4:q G4:q | A4:h. |
      r:q r:q D5:q | D5:h D5:q | C5:h A4:q | A4:q G4:q F4:q | E4:q C4:h | D4:h A4:q | G4:h F4:q | E4:q D4:q C4:q | D4:h.`,
  },
];

/** A tune in the notation above → its notes on the 16-per-whole-note grid (rests leave gaps). */
export function parseTune(notes: string, where: string): GridNote[] {
  const out: GridNote[] = [];
  let t = 0;
  for (const item of notes.split(/\s+/).filter((s) => s && s !== '|')) {
    const m = /^([A-Ga-g][#b]?-?\d|r):([whqes])(\.?)$/.exec(item);
    if (!m) throw new Error(`${where}: cannot read '${item}' (expected e.g. E4:q, F#4:e., r:h)`);
    const steps = (STEPS[m[2] as string] as number) * (m[3] ? 1.5 : 1);
    if (m[1] !== 'r') {
      const pitch = parsePitch(m[1] as string);
      if (pitch === undefined) throw new Error(`${where}: '${m[1]}' is not a pitch`);
      out.push({ pitch, start: t, duration: steps });
    }
    t += steps;
  }
  return out;
}

function main(): void {
  const dir = path.resolve(__dirname, '../data/melodies');
  fs.mkdirSync(dir, { recursive: true });
  for (const tune of TUNES) {
    const notes = parseTune(tune.notes, tune.file);
    fs.writeFileSync(path.join(dir, tune.file), writeMelody(notes, { grid: GRID, bpm: tune.bpm, name: tune.title }));
    process.stdout.write(`${tune.file}: ${notes.length} notes\n`);
  }
}

if (require.main === module) main();
